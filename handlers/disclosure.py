"""依申请公开: the statutory clock and answer rules of 《中华人民共和国政府信息公开条例》 (2019 revision).

Pure rules, no I/O: the service (``casework.disclosure``) and the dialog call them. Article
numbers are those of the 2019 text (国务院令第711号, in force 2019-05-15). Checked against
public copies found with the project's reference search:
- 第二十九条 (the written request, name, contact, description, form): the text of the 2019
  revision, zfyq.org/show-260254.html.
- 第三十条 (补正 asked once within 7 working days; the time restarts on receipt of the corrected
  request; not corrected in time = 视为放弃申请), 第三十三条 (20 working days from receipt,
  extendable once by at most 20 with the approval of the head of the 政府信息公开工作机构 and
  notice to the applicant) and 第三十六条 (the seven kinds of answer): secondary summaries
  (fudaoke.com/exam/3133458.html, fudaoke.com/exam/3257126.html, plnmw.com) that name these
  articles; the article text itself was not found there.
- 第三十一条 (the day of receipt by channel): not found verbatim; the rules below follow the
  State Council office's interpretation 国办公开办函〔2015〕207号 (in person: the day handed in;
  post: the day signed for; a published mailbox: the day the mail system received it), which
  the 2019 article took over, and for online channels the day both sides confirm.
- 第五十一条 (complaint, 行政复议 or 行政诉讼): the 2019 text, hrss.sanya.gov.cn (quoting 国务院令第711号).
The 60 days for 行政复议 and 6 months for 行政诉讼 in the notice of rights follow the published
reference answer letters (政府信息公开申请答复参考文本): 行政复议法 and 行政诉讼法 set them, not
this regulation.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from handlers.answers import Problem
from handlers.workdays import WorkCalendar

#: 第三十三条: answered within 20 working days of receipt.
ANSWER_DAYS = 20
#: 第三十三条: extended once, by at most 20 working days.
EXTENSION_DAYS = 20
#: 第三十条: 补正 is asked within 7 working days of receipt, once.
CORRECTION_ASK_DAYS = 7
#: A description shorter than this rarely lets an office find the information (第二十九条: "特征性描述").
DESCRIPTION_MIN = 10
DESCRIPTION_MAX = 1000
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")


class Channel(StrEnum):
    """How a request reached the office (第三十一条 fixes the day of receipt by it)."""

    IN_PERSON = "in_person"
    POST = "post"
    ONLINE = "online"


class AnswerType(StrEnum):
    """第三十六条's answers, plus 第三十九条 (not a disclosure request at all)."""

    DISCLOSE = "disclose"  # 公开 (第三十六条(一)(二))
    PARTIAL = "partial"  # 部分公开 (第三十七条)
    WITHHOLD = "withhold"  # 不予公开 (第三十六条(三)), with its ground
    NOT_EXIST = "not_exist"  # 信息不存在 (第三十六条(四))
    NOT_HELD = "not_held"  # 非本机关掌握 (第三十六条(五)), with the right office where known
    REPEAT = "repeat"  # 重复申请 (第三十六条(六))
    NOT_A_REQUEST = "not_a_request"  # 不属于政府信息公开申请 (第三十九条)


class Ground(StrEnum):
    """The legal ground of 不予公开 or of the part withheld."""

    ART14 = "art14"  # 国家秘密, 法律行政法规禁止公开, 危及国家安全、公共安全、经济安全、社会稳定
    ART15 = "art15"  # 商业秘密, 个人隐私 (third parties' rights)
    ART16 = "art16"  # 内部事务信息, 过程性信息, 行政执法案卷信息


#: Answers that withhold something and so must give a ground.
NEEDS_GROUND = frozenset({AnswerType.WITHHOLD, AnswerType.PARTIAL})


def received_on(channel: Channel, handed_in: dt.date, confirmed: dt.date | None = None) -> dt.date:
    """The day of receipt (第三十一条): in person, the day handed in; by post, the day signed for;
    online, the day both sides confirm. ``confirmed`` is that signature or confirmation; the bot
    confirms online requests with their number at once, so it is the day filed."""
    if channel == Channel.IN_PERSON or confirmed is None:
        return handed_in
    return confirmed


@dataclass(frozen=True)
class Clock:
    """The working-day clock of one office (holidays from the project's calendar)."""

    calendar: WorkCalendar
    answer_days: int = ANSWER_DAYS
    extension_days: int = EXTENSION_DAYS
    correction_ask_days: int = CORRECTION_ASK_DAYS

    def answer_due(self, received: dt.date) -> dt.date:
        """第三十三条: the last day to answer, counted from the day after receipt."""
        return self.calendar.add_workdays(received, self.answer_days)

    def correction_ask_by(self, received: dt.date) -> dt.date:
        """第三十条: the last day the office may ask for 补正."""
        return self.calendar.add_workdays(received, self.correction_ask_days)

    def restarted_due(self, corrected_on: dt.date) -> dt.date:
        """第三十条: the answer time counts again, in full, from the receipt of the corrected request."""
        return self.answer_due(corrected_on)

    def extended_due(self, due: dt.date, days: int | None = None) -> dt.date:
        """第三十三条: the due date moved on by the extension (at most ``extension_days``)."""
        return self.calendar.add_workdays(due, self.extension_days if days is None else days)

    def correction_refused(self, received: dt.date, today: dt.date, asked_before: bool) -> Problem | None:
        """Why 补正 may not be asked now: asked once already, or past the 7 working days."""
        if asked_before:
            return Problem("disclosure.refused.correction_once")
        if today > self.correction_ask_by(received):
            return Problem("disclosure.refused.correction_late", {"by": self.correction_ask_by(received).isoformat()})
        return None

    def extension_refused(self, extended: bool, days: int | None, approved_by: str) -> Problem | None:
        """Why the answer time may not be extended: once only, at most 20 days, with the head's approval."""
        if extended:
            return Problem("disclosure.refused.extended_once")
        if days is not None and not 1 <= days <= self.extension_days:
            return Problem("disclosure.refused.extension_days", {"most": self.extension_days})
        if not approved_by.strip():
            return Problem("disclosure.refused.needs_approval")
        return None


def withdrawn(correction_due: dt.date | None, today: dt.date) -> bool:
    """第三十条: not corrected by the date given, the request is deemed withdrawn (视为放弃申请)."""
    return correction_due is not None and today > correction_due


@dataclass(frozen=True)
class Answer:
    """The office's answer to one request."""

    type: AnswerType
    text: str
    ground: Ground | None = None
    #: 非本机关掌握: the office that holds the information, and how to reach it.
    right_office: str = ""


def answer_problem(answer: Answer) -> Problem | None:
    """What is missing from an answer: the text, the ground of withholding, or the right office."""
    if not answer.text.strip():
        return Problem("disclosure.refused.needs_text")
    if answer.type in NEEDS_GROUND and answer.ground is None:
        return Problem("disclosure.refused.needs_ground")
    if answer.type == AnswerType.NOT_HELD and not answer.right_office.strip():
        return Problem("disclosure.refused.needs_office")
    return None


def description_problem(text: str) -> Problem | None:
    """第二十九条 asks for a description specific enough to find the information."""
    plain = text.strip()
    if len(plain) < DESCRIPTION_MIN:
        return Problem("disclosure.invalid.vague", {"min": DESCRIPTION_MIN})
    if len(plain) > DESCRIPTION_MAX:
        return Problem("invalid.text.long", {"max": DESCRIPTION_MAX})
    return None


def email_problem(text: str) -> Problem | None:
    return None if _EMAIL.fullmatch(text.strip()) else Problem("disclosure.invalid.email")
