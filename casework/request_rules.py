"""How long each kind of request has to be answered, and where one goes when no department is named."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from handlers.catalog import Catalog
from handlers.request_lifecycle import MessageKind, RequestKind


@dataclass(frozen=True)
class RequestDays:
    """Working days each kind is answered in (``bot.settings.RequestSettings`` fills them from YJS_*)."""

    consult: int = 5
    complaint: int = 15
    suggestion: int = 15
    help: int = 5
    followup: int = 5
    #: 《政府信息公开条例》第三十三条: 20 working days, extendable once by 20.
    disclosure: int = 20
    disclosure_extension: int = 20
    #: The most an extension of a message or follow-up may add.
    extension: int = 15
    #: 补正: working days the applicant is given to answer (第三十条: 7).
    correction: int = 7

    def answer_days(self, kind: RequestKind, subkind: str = "") -> int:
        if kind == RequestKind.DISCLOSURE:
            return self.disclosure
        if kind == RequestKind.FOLLOWUP:
            return self.followup
        by_subkind: dict[str, int] = {
            MessageKind.CONSULT: self.consult,
            MessageKind.COMPLAINT: self.complaint,
            MessageKind.SUGGESTION: self.suggestion,
        }
        return by_subkind.get(subkind, self.help)

    def extension_days(self, kind: RequestKind) -> int:
        return self.disclosure_extension if kind == RequestKind.DISCLOSURE else self.extension


def routing_department(catalog: Catalog, configured: str = "") -> str:
    """Where a request without a named department goes: the configured one, else the department
    leading the most scenarios (the district's 政务服务 / approval bureau)."""
    if configured:
        if configured not in catalog.departments:
            raise ValueError(f"YJS_REQUEST_ROUTING_DEPARTMENT={configured!r} is not in the departments file")
        return configured
    leads = Counter(d for scenario in catalog for d in scenario.lead_departments)
    return min(leads, key=lambda d: (-leads[d], d))
