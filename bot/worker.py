"""Entry of ``yijianshi worker`` (run by the dramatiq command line): actors plus process boot.

Dramatiq imports this module in each worker process: it installs the broker from the
settings, declares the actors on it, and exposes it as ``broker`` for the dramatiq CLI.
Each worker process opens the database and installs the services on Dramatiq's event
loop before its worker threads start (before_worker_boot), and runs an outbox relay.
"""

from __future__ import annotations

import logging

import dramatiq
from dramatiq.asyncio import get_event_loop_thread
from dramatiq.middleware import Middleware, MiddlewareError

from bot.logs import install_redaction
from bot.settings import Settings
from workers import broker as brokers
from workers.once import set_lease

#: Read once per process: the broker below and the services at boot use the same settings.
SETTINGS = Settings.from_env()
# Dramatiq set up this process's logging before importing us; filter what it set up.
install_redaction(SETTINGS.secrets())
broker = brokers.install(SETTINGS.queue)
set_lease(SETTINGS.queue.claim_lease_seconds)

import workers.actors  # noqa: E402, F401  (declares the actors on the broker just installed)

log = logging.getLogger(__name__)


class WorkerBoot(Middleware):
    """Opens the database and installs the services in each worker process."""

    def before_worker_boot(self, broker: dramatiq.Broker, worker: dramatiq.Worker) -> None:
        try:
            get_event_loop_thread().run_coroutine(_boot())  # type: ignore[union-attr]
        except Exception as exc:  # Dramatiq only logs other exceptions here; this must stop the worker
            raise MiddlewareError(repr(exc)) from exc
        log.info("consumers wait at most %d ms between looks at an empty queue", worker.worker_timeout)

    def after_worker_shutdown(self, broker: dramatiq.Broker, worker: dramatiq.Worker) -> None:
        get_event_loop_thread().run_coroutine(_shutdown())  # type: ignore[union-attr]


_app = None


async def _boot() -> None:
    global _app
    from bot.app import build_app
    from bot.embedded import settled

    _app = await build_app(SETTINGS, chats=False)
    _app.start_background(schedules=False)
    settled()
    log.info("worker ready: %d scenarios", len(_app.catalog))


async def _shutdown() -> None:
    if _app is not None:
        await _app.close()


broker.add_middleware(WorkerBoot())
