"""The engine's repository over tortoise, and the one transaction that saves a step."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from tortoise import connections

from handlers.context import CaseSummary, EarlierMaterial
from handlers.conversation import Conversation
from handlers.events import Effect, SubmitCase
from models.case import Case, CaseEvent, CaseItem
from models.commits import GroupCommit
from models.conversation import ConversationState
from models.lru import LRU
from models.material import Material

#: Prefix of case numbers: 临港 (Lingang).
CASE_PREFIX = "LG"
_NEXT_NUMBER = (
    "INSERT INTO case_counters (day, last_number) VALUES ({p1}, 1) "
    "ON CONFLICT (day) DO UPDATE SET last_number = case_counters.last_number + 1 RETURNING last_number"
)


class StaleConversation(Exception):
    """The conversation changed in another process since this one loaded it."""


class TortoiseRepository:
    """Reads for the engine, and the writes of a step: conversation, case, audit log."""

    def __init__(self, scenario_items: dict[str, dict[str, str]]) -> None:
        #: scenario id -> item key -> department, to stamp case items.
        self.scenario_items = scenario_items
        self.commits = GroupCommit()
        self.cache = LRU[int, tuple[str, int | None]](50_000)

    async def cases_of(self, user_id: int) -> list[CaseSummary]:
        rows = await Case.filter(user_id=user_id).order_by("-id").limit(10)
        return [CaseSummary(c.number, c.scenario_id, c.status, c.created_at) for c in rows]

    async def earlier_material(self, user_id: int, key: str) -> EarlierMaterial | None:
        latest = await Material.filter(user_id=user_id, key=key).order_by("-id").first()
        if latest is None:
            return None
        files = await Material.filter(case_id=latest.case_id, key=key).order_by("id")  # type: ignore[attr-defined]
        case = await Case.get(id=latest.case_id)  # type: ignore[attr-defined]
        return EarlierMaterial(case.number, [_described(m) for m in files])

    async def case_for_draft(self, draft_id: str) -> str | None:
        case = await Case.get_or_none(draft_id=draft_id).only("number")
        return case.number if case else None

    async def allocate_case_number(self, day: dt.date) -> str:
        conn = connections.get("default")
        placeholder = "$1" if conn.capabilities.dialect == "postgres" else "?"
        rows = await conn.execute_query_dict(_NEXT_NUMBER.format(p1=placeholder), [day.strftime("%Y%m%d")])
        return f"{CASE_PREFIX}{day:%Y%m%d}-{rows[0]['last_number']:04d}"

    async def load(self, user_id: int) -> Conversation:
        """The saved conversation, from memory when this process wrote it last."""
        cached = self.cache.get(user_id)
        if cached is None:
            row = await ConversationState.get_or_none(user_id=user_id)
            cached = (json.dumps(row.state if row else {}), row.version if row else None)
            self.cache.put(user_id, cached)
        return Conversation.from_json(json.loads(cached[0]))

    def has_saved(self, user_id: int) -> bool:
        """Whether the conversation loaded last for this user came from a saved row."""
        cached = self.cache.get(user_id)
        return cached is not None and cached[1] is not None

    async def save(self, user_id: int, conv: Conversation, effects: list[Effect], now: dt.datetime) -> None:
        """Save the step and carry out its effects, all or nothing, before anyone is answered.

        Raises StaleConversation when another process saved this conversation since it
        was loaded; the caller loads it again and reruns the step.
        """
        state = conv.to_json()
        cached = self.cache.get(user_id)
        version = cached[1] if cached else None
        fields: dict[str, Any] = {"state": state, "scenario": conv.scenario, "updated_at": now, "reminded_at": None}

        async def write() -> None:
            if version is None:
                await ConversationState.create(user_id=user_id, version=1, **fields)
            elif not await ConversationState.filter(user_id=user_id, version=version).update(
                version=version + 1, **fields
            ):
                raise StaleConversation(user_id)
            for effect in effects:
                await self._file(user_id, effect)

        try:
            await self.commits.run(write)
        except Exception:  # whatever failed, the saved row is the truth now
            self.cache.drop(user_id)
            raise
        self.cache.put(user_id, (json.dumps(state), (version or 0) + 1))

    async def _file(self, user_id: int, effect: SubmitCase) -> None:
        case = await Case.create(
            number=effect.number,
            user_id=user_id,
            scenario_id=effect.scenario_id,
            answers=effect.answers,
            locale=effect.locale,
            draft_id=effect.draft_id,
        )
        departments = self.scenario_items[effect.scenario_id]
        await CaseItem.bulk_create(
            [CaseItem(case=case, item_key=key, department=departments[key]) for key in effect.items]
        )
        await Material.bulk_create(
            [
                Material(case=case, user_id=user_id, key=key, **_stored(f))
                for key, files in effect.materials.items()
                for f in files
            ]
        )
        await CaseEvent.create(case=case, actor=f"user:{user_id}", action="submit", to_status="submitted")


def _stored(described: dict[str, object]) -> dict[str, object]:
    sha = str(described["sha256"])
    return {
        "filename": described["name"],
        "kind": described["kind"],
        "mime": described["mime"],
        "size": described["size"],
        "sha256": sha,
        "path": f"{sha[:2]}/{sha}",
    }


def _described(material: Material) -> dict[str, object]:
    return {
        "name": material.filename,
        "size": material.size,
        "kind": material.kind,
        "mime": material.mime,
        "sha256": material.sha256,
    }
