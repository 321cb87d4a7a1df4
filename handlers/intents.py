"""Questions a person may ask in the middle of a scenario, answered without losing their place."""

from __future__ import annotations

import re
import unicodedata

#: Patterns are deliberately specific: a name or an address must never match them.
_PATTERNS = {
    "materials": r"(什么|哪些|啥)(材料|资料|证件)|带什么|要带|准备什么|材料清单|what.*(documents?|bring|papers)",
    "duration": r"多久|多长时间|几天|什么时候(能)?(办好|办完|好)|时限|how long|when.*(ready|done)",
    "status": r"进度|办到哪|到哪一步|审批状态|where is my|status of my|progress",
}
_COMPILED = {name: re.compile(p, re.IGNORECASE) for name, p in _PATTERNS.items()}


def detect(text: str) -> str | None:
    cleaned = unicodedata.normalize("NFKC", text)
    return next((name for name, pattern in _COMPILED.items() if pattern.search(cleaned)), None)


_QUESTION = re.compile(
    r"[?？]\s*$|吗|么\s*$|呢\s*$|怎么|怎样|如何|什么|啥|哪|为什么|为啥|是否|能否|能不能|可不可以|多少|有没有"
    r"|^(how|what|why|when|where|which|who|can|could|is|are|do|does|should|must)\b",
    re.IGNORECASE,
)


def is_question(text: str) -> bool:
    """A question rather than an answer: asked mid-scenario, it goes to the policy Q&A."""
    return bool(_QUESTION.search(unicodedata.normalize("NFKC", text).strip()))
