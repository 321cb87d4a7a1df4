"""A conversation's step as a value: its kind and, for fields and materials, its key."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache


class StepKind(StrEnum):
    """The kinds of step; saved conversations hold them as plain strings."""

    MENU = "menu"
    NOTICE = "notice"
    ITEMS = "items"
    FIELD = "field"
    MATERIAL = "material"
    REVIEW = "review"
    CHANGE = "change"
    PROXY_PHONE = "proxy_phone"
    PROXY_CONSENT = "proxy_consent"
    LINK_CODE = "link_code"
    #: The applicant says which time of a joint visit suits them (key: "<case number>/<visit kind>").
    VISIT_WISH = "visit_wish"
    #: 依申请公开: ``disclosure:<question>`` or ``disclosure:review``.
    DISCLOSURE = "disclosure"
    #: 留言: ``message:kind``, ``message:text``, ``message:department``, ``message:publish``, ``message:confirm``,
    #: ``message:correction`` (the applicant's 补正 to a request).
    MESSAGE = "message"


@dataclass(frozen=True)
class StepRef:
    """``field:applicant_id`` as (kind, key); ``notice`` as (kind, "").

    The kind stays a plain string: a step saved by an older version, or named in a
    forged button, must still parse, and is then matched by nothing.
    """

    kind: str
    key: str = ""

    @classmethod
    def parse(cls, step: str) -> StepRef:
        return _parsed(step)

    def __str__(self) -> str:
        return f"{self.kind}:{self.key}" if self.key else self.kind


@lru_cache(maxsize=4096)
def _parsed(step: str) -> StepRef:
    """Each step name parsed once (the engine asks where it is several times a step); a value, so shared."""
    kind, _, key = step.partition(":")
    return StepRef(kind, key)
