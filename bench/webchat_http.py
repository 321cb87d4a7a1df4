"""A dialog step over HTTP: the web chat API (request in, state saved, replies out) beside a bare
aiohttp handler that parses the same JSON and saves one row per request through the same group
commit, both on a SQLite file, both driven by the same client at the same concurrency in one run.

    python bench/webchat_http.py [--residents 100] [--seconds 20] [--rounds 2]

The server is `yijianshi run` (the SQLite demo: web app and an in-process worker) in its own
process; the baseline is bench/bare_http.py in its own process. Both run throughout; the client drives
one at a time, interleaved bare, app, app, bare (two rounds; `--rounds` more), so that the machine's
drift during a run (it moves by a tenth here) weighs on both sides alike. Each side's figures pool
its segments. Each resident opens a session,
walks the EV charger's questions to its first upload, ends the session and starts again.
Only /api/events requests are counted. A non-200 answer stops the run loudly. Neither server writes an
access log (YJS_BENCH_ACCESS_LOG=on turns the web chat's on).

The client is a load generator, not part of what is measured: on a machine of two or more CPUs the
servers run on the first half of them and the client on the rest (`--no-pin` shares them all), as the
residents' browsers would be elsewhere. On the 2-core machine, sharing, the web chat's server took
0.26-0.27 ms of CPU a request; pinned, 0.23-0.24 ms (the bare handler 0.10-0.11, then 0.09-0.10). The
bare handler's figure is its client's ceiling, not its server's: compare the CPU a request as well.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
from processes import stop  # bench/, this script's folder

ROOT = Path(__file__).resolve().parents[1]
ANSWERS = ["1", "是", "张三", "371302198506120027", "13800138000", "临港区滨海路8号阳光小区3号楼", "1"]


def button(messages: list[dict[str, Any]], action: str) -> str:
    for message in reversed(messages):
        for b in message.get("buttons", []):
            if b["data"].split("|", 1)[1].startswith(action):
                return str(b["data"])
    raise AssertionError(f"no {action!r} button in {[m.get('text', '')[:40] for m in messages]}")


class Client:
    def __init__(self, base: str, http: aiohttp.ClientSession) -> None:
        self.base, self.http = base, http
        self.latencies: list[float] = []
        self.counting = False

    async def post(self, path: str, body: dict[str, Any], auth: dict[str, str]) -> dict[str, Any]:
        start = time.perf_counter()
        async with self.http.post(self.base + path, json=body, headers=auth) as response:
            if response.status != 200:
                raise SystemExit(f"{path} answered {response.status}: {(await response.text())[:300]}")
            answer: dict[str, Any] = await response.json()
        if self.counting and path == "/api/events":
            self.latencies.append(time.perf_counter() - start)
        return answer

    async def resident(self, until: float) -> None:
        while time.perf_counter() < until:
            token = (await self.post("/api/session", {"lang": "zh_CN"}, {}))["token"]
            auth = {"Authorization": f"Bearer {token}"}
            event = self.post_event(auth)
            await event(type="command", text="/start")
            menu = await event(type="button", data="*|sc:ev-charger-home")
            notice = await event(type="button", data=button(menu, "start"))
            await event(type="button", data=button(notice, "privacy:yes"))
            for answer in ANSWERS:
                await event(type="text", text=answer)
            await self.post("/api/session/end", {}, auth)

    def post_event(self, auth: dict[str, str]):  # type: ignore[no-untyped-def]
        async def event(**body: str) -> list[dict[str, Any]]:
            return list((await self.post("/api/events", dict(body), auth))["messages"])

        return event


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclass
class Measured:
    """One segment of one side: its requests' latencies, the time counted and the server's CPU in it."""

    latencies: list[float]
    elapsed: float
    cpu: float

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.elapsed


async def drive(base: str, residents: int, seconds: float, warmup: float, pid: int) -> Measured:
    connector = aiohttp.TCPConnector(limit=residents)
    async with aiohttp.ClientSession(connector=connector) as http:
        client = Client(base, http)
        start = time.perf_counter()
        walkers = [asyncio.create_task(client.resident(start + warmup + seconds)) for _ in range(residents)]
        await asyncio.sleep(warmup)
        client.counting, counted_from, cpu_from = True, time.perf_counter(), cpu_seconds(pid)
        await asyncio.sleep(seconds)
        client.counting, elapsed, cpu = False, time.perf_counter() - counted_from, cpu_seconds(pid) - cpu_from
        await asyncio.gather(*walkers)
    # The server's CPU over the counted window (sessions opened and ended ride along with the requests counted).
    return Measured(client.latencies, elapsed, cpu)


def start(
    argv: list[str], env: dict[str, str], log: Path, ready: str, cpus: set[int] | None = None
) -> subprocess.Popen[bytes]:
    """A server in its own process, on `cpus` if given (set before it starts any thread), once it says `ready`."""
    pin = None if cpus is None else functools.partial(os.sched_setaffinity, 0, cpus)
    with log.open("wb") as out:
        process = subprocess.Popen(
            argv, cwd=ROOT, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT, preexec_fn=pin
        )
    deadline = time.monotonic() + 90
    while ready not in log.read_text(errors="replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise SystemExit(f"{argv} did not start:\n{log.read_text(errors='replace')[-2000:]}")
        time.sleep(0.1)
    return process


def split_cpus(pin: bool) -> tuple[set[int] | None, set[int] | None]:
    """(the servers' CPUs, the client's): the first half and the rest of this process's, or (None, None)
    when not pinning or when there is a single CPU to share."""
    cpus = sorted(os.sched_getaffinity(0))
    if not pin or len(cpus) < 2:
        return None, None
    half = len(cpus) // 2
    return set(cpus[:half]), set(cpus[half:])


def order(rounds: int) -> list[str]:
    """The sides in the order they are driven: bare, app, app, bare, ... (ABBA), so that a machine getting
    slower or faster during the run weighs on both alike."""
    return [side for i in range(rounds) for side in (("bare", "app") if i % 2 == 0 else ("app", "bare"))]


def pooled(parts: list[Measured]) -> tuple[float, float, float, float]:
    """One side's segments as one: requests over time, p50 and p99 of every latency, CPU per request."""
    times = sorted(t for part in parts for t in part.latencies)
    elapsed, cpu = sum(part.elapsed for part in parts), sum(part.cpu for part in parts)
    return (
        len(times) / elapsed,
        times[len(times) // 2] * 1000,
        times[int(len(times) * 0.99)] * 1000,
        cpu / len(times) * 1000,
    )


def main() -> None:
    import signal

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--residents", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=20, help="measured seconds of each side, all rounds together")
    parser.add_argument("--rounds", type=int, default=2, help="segments of each side, interleaved bare/app/app/bare")
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--port", type=int, default=int(os.environ.get("YJS_BENCH_PORT", "18631")))
    parser.add_argument("--only", choices=["app", "bare"], help="measure one side (for a profiler)")
    parser.add_argument("--no-pin", action="store_true", help="servers and client share every CPU")
    args = parser.parse_args()
    server_cpus, client_cpus = split_cpus(not args.no_pin)
    if client_cpus is not None:
        os.sched_setaffinity(0, client_cpus)  # this process (the client) and the threads it starts
    sides = [side for side in order(max(1, args.rounds)) if args.only in (None, side)]
    segment = args.seconds / sides.count(sides[0])
    # Each side's first segment warms it up (its residents open sessions, the caches fill).
    warmups = [args.warmup if side not in sides[:i] else min(1.0, args.warmup) for i, side in enumerate(sides)]
    segments: list[tuple[str, Measured]] = []
    servers: dict[str, subprocess.Popen[bytes]] = {}
    spy = None
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        ports = {"bare": args.port, "app": args.port + 1}
        try:
            if "bare" in sides:
                env = {"YJS_DATABASE_URL": f"sqlite://{tmp / 'bare.db'}"}
                argv = [sys.executable, "bench/bare_http.py", str(ports["bare"])]
                servers["bare"] = start(argv, env, tmp / "bare.log", "bare ready", server_cpus)
            if "app" in sides:
                servers["app"] = start(
                    [sys.executable, "-m", "bot", "run"],
                    app_env(tmp, ports["app"]),
                    tmp / "app.log",
                    "yijianshi: open",
                    server_cpus,
                )
            if profile := os.environ.get("YJS_BENCH_PROFILE"):  # py-spy: collapsed stacks of one server
                spy = profiler(profile, servers[args.only or "app"].pid, sum(w + segment for w in warmups))
            for side, warmup in zip(sides, warmups, strict=True):
                base = f"http://127.0.0.1:{ports[side]}"
                measured = asyncio.run(drive(base, args.residents, segment, warmup, servers[side].pid))
                segments.append((side, measured))
        finally:
            if spy is not None:
                spy.wait(60)
            for server in servers.values():
                stop(server)
    parts = {side: [measured for driven, measured in segments if driven == side] for side in set(sides)}
    results = {side: pooled(measured) for side, measured in parts.items()}
    for name, label in (("app", "web chat API, a dialog step  "), ("bare", "bare aiohttp, parse+save row")):
        if name in results:
            rate, p50, p99, cpu = results[name]
            print(f"{label}: {rate:7.0f} req/s  p50 {p50:6.1f} ms  p99 {p99:6.1f} ms  "
                  f"server CPU {cpu:.2f} ms/req  ({args.residents} residents)")  # fmt: skip
    if "app" in results:
        print(f"(access log of the web chat: {os.environ.get('YJS_BENCH_ACCESS_LOG', 'off')}; the bare handler: off)")
    layout = f"servers on CPUs {sorted(server_cpus)}, client on {sorted(client_cpus)}" if client_cpus else "shared"
    print(f"(CPUs: {layout})")
    if len(results) == 2:
        (rate, _, p99, _), (bare_rate, _, bare_p99, _) = results["app"], results["bare"]
        driven = ", ".join(f"{side} {measured.rate:.0f}" for side, measured in segments)
        print(f"segments, req/s in the order driven: {driven}")
        print(f"ratio throughput app / bare: {rate / bare_rate:.2f} (target >= 0.5); "
              f"p99 app / bare: {p99 / bare_p99:.1f} (target <= 3)")  # fmt: skip


def app_env(tmp: Path, port: int) -> dict[str, str]:
    lots = "1000000/minute"
    return {
        "YJS_DATA_DIR": str(tmp / "data"),
        "YJS_PORT": str(port),
        "YJS_HOST": "127.0.0.1",
        "YJS_REDIS_URL": "",
        "YJS_RATE_SESSIONS": lots,
        "YJS_RATE_MESSAGES": lots,
        "YJS_RATE_MESSAGES_ADDRESS": lots,
        "YJS_TTS": "off",
        # Like for like: the bare handler writes no access log either (a line per request, about a
        # twentieth of a step). Run with YJS_BENCH_ACCESS_LOG=on to measure the step with it.
        "YJS_ACCESS_LOG": os.environ.get("YJS_BENCH_ACCESS_LOG", "off"),
    }


def profiler(out: str, pid: int, seconds: float) -> subprocess.Popen[bytes]:
    """py-spy over the web chat's server for the whole run, raw collapsed stacks (one a line)."""
    py_spy = str(Path(sys.executable).parent / "py-spy")
    flags = os.environ.get("YJS_BENCH_PROFILE_FLAGS", "").split()
    return subprocess.Popen([py_spy, "record", *flags, "-f", "raw", "-d", str(int(seconds)), "-o", out, "-p", str(pid)])


if __name__ == "__main__":
    main()
