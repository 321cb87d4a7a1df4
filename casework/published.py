"""Replies published with the resident's consent, personal data removed, and the knowledge base built from
them and the policy passages (for the 12345 hotline's system): ``yijianshi messages`` / ``knowledge export``
and the public ``/messages`` page read these."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from handlers.catalog import Catalog
from handlers.request_lifecycle import MessageKind, RequestKind
from handlers.requests import kind_name, scrub
from handlers.search.policies import PolicyPassage
from locales import translate
from models.requests import Request, published_replies


@dataclass(frozen=True)
class PublishedReply:
    """One published question and answer, with nothing personal left in either."""

    number: str
    what: str
    department: str
    question: str
    answer: str
    answered: str

    def to_json(self) -> dict[str, str]:
        return asdict(self)


async def published(catalog: Catalog, lang: str = "zh_CN", limit: int = 100) -> list[PublishedReply]:
    """The published replies to 留言, newest first."""
    return [_reply(r, catalog, lang) for r in await published_replies(RequestKind.MESSAGE, limit)]


def _reply(r: Request, catalog: Catalog, lang: str) -> PublishedReply:
    department = catalog.department_name(r.department, lang) if r.department in catalog.departments else r.department
    return PublishedReply(
        number=r.number,
        what=kind_name(r.kind, r.subkind, lang, translate),
        department=department,
        question=scrub(r.text),
        answer=scrub(r.answer),
        answered=r.answered_at.date().isoformat() if r.answered_at else "",
    )


async def knowledge(catalog: Catalog, policies: list[PolicyPassage], lang: str = "zh_CN") -> list[dict[str, Any]]:
    """The knowledge base: every policy passage, then every published answer to a 咨询, one record each with
    a stable id, the question, the answer, where it comes from and when it was last updated."""
    records = [
        {
            "id": f"policy:{p.id}",
            "question": p.passage.title.get(lang),
            "answer": p.passage.answer.get(lang),
            "source": p.cite(lang),
            "updated": p.document.issued.isoformat() if p.document.issued else "",
        }
        for p in policies
    ]
    consults = await published_replies(RequestKind.MESSAGE, limit=10_000)
    for r in consults:
        if r.subkind != MessageKind.CONSULT:
            continue
        reply = _reply(r, catalog, lang)
        source = translate(lang, "requests.knowledge_source", number=r.number, department=reply.department)
        records.append(
            {"id": f"message:{r.number}", "question": reply.question, "answer": reply.answer, "source": source,
             "updated": reply.answered}
        )  # fmt: skip
    return records
