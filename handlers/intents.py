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


def _any(patterns: dict[str, str]) -> re.Pattern[str]:
    """One search that finds whether any of `patterns` matches: most messages match none, and are then told
    apart from the rest in one pass instead of one per pattern (which one, in order, is asked only after)."""
    return re.compile("|".join(f"(?:{p})" for p in patterns.values()), re.IGNORECASE)


_ANY = _any(_PATTERNS)


#: Requests this service cannot take: said honestly, with where to go instead (see dialog/questions.outside).
#: "人工" alone would match an address (人工湖路), so only whole phrases are matched.
_OUTSIDE = {
    "appeal": r"复议|不服|申诉|行政诉讼|起诉|告(他们|部门|政府)|appeal|reconsideration|\bsue\b|lawsuit",
    "complaint": r"投诉|举报|差评|意见箱|complain|complaint|report (a|an) (problem|official|abuse)",
    "human": r"人工客服|转人工|找人工|人工服务|真人|活人|客服|工作人员.*(电话|联系)|接线员"
    r"|human|real person|\bagent\b|customer service|operator|talk to (a|someone)",
    "medical": r"医保报销|医疗(费用?)?报销|报销(医药|医疗|看病|住院|门诊)|(看病|住院|门诊|药费)报销|异地就医"
    r"|medical.*reimburs|reimburs.*(medical|hospital|doctor)",
    "housing_fund": r"公积金|housing (provident )?fund",
    "exit_entry": r"护照|港澳通行证|台湾通行证|签证|出入境|passport|\bvisa\b",
    "marriage": r"结婚登记|离婚登记|办结婚证|领结婚证|办离婚|marriage registration|divorce",
    "traffic_fine": r"违章|罚单|交通罚款|扣分|traffic (ticket|fine|violation)|speeding",
}
_OUTSIDE_COMPILED = {name: re.compile(p, re.IGNORECASE) for name, p in _OUTSIDE.items()}
_ANY_OUTSIDE = _any(_OUTSIDE)


#: Asking for a person (人工客服): whole phrases only, as for "human" above.
_PERSON = re.compile(r"转人工|人工客服|找人工|人工服务|真人客服|talk to (a )?(person|human)|human agent", re.IGNORECASE)
#: Ending the conversation with a person, back to the bot.
_END_PERSON = re.compile(
    r"^\s*(结束人工|返回机器人|结束对话|退出人工|end chat|back to (the )?bot)\s*[。.!！]?\s*$", re.IGNORECASE
)


def wants_person(text: str) -> bool:
    """ "转人工", "人工客服", "找人工" (or any way of asking for a human): the resident asks for a person."""
    return outside(text) == "human" or names_person(text)


def names_person(text: str) -> bool:
    """`wants_person`'s own phrases, for a caller that has asked `outside` about the text already."""
    return bool(_PERSON.search(unicodedata.normalize("NFKC", text)))


def ends_person(text: str) -> bool:
    """ "结束人工", "返回机器人": the resident ends the conversation with a person."""
    return bool(_END_PERSON.match(unicodedata.normalize("NFKC", text)))


#: 好差评 asked for in so many words; a whole message only, so no answer or address is taken for it.
_RATE = re.compile(
    r"^\s*(我要|我想|我来|给)?(评价|好差评|打分|评分)(一下)?\s*[。.!！]?\s*$|^\s*(rate|i want to rate)\s*$", re.I
)


def wants_rating(text: str) -> bool:
    """Typed "评价" or "我要评价": the person wants to rate a finished case."""
    return bool(_RATE.match(unicodedata.normalize("NFKC", text)))


def outside(text: str) -> str | None:
    """What the person asks for that no errand here does: a complaint, a human, an appeal, another
    authority's matter; None for everything else (the errands' search takes it)."""
    cleaned = unicodedata.normalize("NFKC", text)
    if not _ANY_OUTSIDE.search(cleaned):
        return None
    return next((name for name, pattern in _OUTSIDE_COMPILED.items() if pattern.search(cleaned)), None)


def detect(text: str) -> str | None:
    cleaned = unicodedata.normalize("NFKC", text)
    if not _ANY.search(cleaned):
        return None
    return next((name for name, pattern in _COMPILED.items() if pattern.search(cleaned)), None)


_QUESTION = re.compile(
    r"[?？]\s*$|吗|么\s*$|呢\s*$|怎么|怎样|如何|什么|啥|哪|为什么|为啥|是否|能否|能不能|可不可以|多少|有没有"
    r"|^(how|what|why|when|where|which|who|can|could|is|are|do|does|should|must)\b",
    re.IGNORECASE,
)


def is_question(text: str) -> bool:
    """A question rather than an answer: asked mid-scenario, it goes to the policy Q&A."""
    return bool(_QUESTION.search(unicodedata.normalize("NFKC", text).strip()))


#: "我的留言": the resident's own messages, not a new one.
MINE = "mine"
#: Asking to leave a message, by kind ("" when none is said); matched only as a whole request, so a
#: message's own text ("建议增加车位") is not taken for one.
_MESSAGE = {
    MINE: r"^(查看|查询)?我的留言$|^my messages$",
    "complaint": r"^(我要|我想|我需要)?投诉$|^(i want to )?(make a )?complain(t)?$",
    "suggestion": r"^(我要|我想)?(提|提个|提一个|提条)?建议$|^(i have a |make a )?suggestion$",
    "consult": r"^(我要|我想)咨询$|^咨询$",
    "help": r"^(我要|我想)?求助$|^(i need )?help with something$",
    "": r"^(我要|我想)?(给.{0,8})?留言$|^(leave a )?message$",
}
_MESSAGE_COMPILED = {kind: re.compile(p, re.IGNORECASE) for kind, p in _MESSAGE.items()}


def message(text: str) -> str | None:
    """A request to leave a 留言 and of which kind ("" unsaid), ``MINE`` for 我的留言; None otherwise."""
    cleaned = re.sub(r"[。！!.，,\s]+$", "", unicodedata.normalize("NFKC", text).strip())
    return next((kind for kind, pattern in _MESSAGE_COMPILED.items() if pattern.search(cleaned)), None)
