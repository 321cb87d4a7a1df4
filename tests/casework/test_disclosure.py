"""依申请公开 on the request desk, on a real database: filing, 补正 and its restart, one extension, the answer."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from disclosure_requests import file_disclosure

from casework import disclosure
from casework.decisions import Refusal
from casework.request_rules import RequestDays
from casework.requests import RequestDesk
from handlers.catalog import Catalog
from handlers.disclosure import Answer, AnswerType, Clock, Ground
from handlers.request_lifecycle import RequestStatus
from handlers.workdays import default_calendar
from models.outbox import Outbox
from models.requests import Request, RequestEvent
from models.staff import StaffMember
from models.user import User, user_for

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
#: Friday before 中秋节 (Fri 25 – Sun 27 Sep 2026, Sun 20 Sep worked) and 国庆节 (1 – 7 Oct, Sat 10 Oct worked).
FILED = dt.datetime(2026, 9, 18, 10, 0, tzinfo=SHANGHAI)


class Moment:
    def __init__(self, at: dt.datetime) -> None:
        self.at = at

    def __call__(self) -> dt.datetime:
        return self.at

    def on(self, day: str) -> None:
        self.at = dt.datetime.combine(dt.date.fromisoformat(day), dt.time(10), SHANGHAI)


@pytest.fixture
def moment() -> Moment:
    return Moment(FILED)


@pytest.fixture
async def desk(db: str, catalog: Catalog, moment: Moment) -> RequestDesk:
    return RequestDesk(default_calendar(), list(catalog.departments), "approval", RequestDays(), clock=moment)


@pytest.fixture
def rules() -> Clock:
    return Clock(default_calendar())


async def _member(department: str) -> StaffMember:
    member, _ = await StaffMember.get_or_create(
        channel="test", external_id=f"clerk-{department}", defaults={"name": "王科员", "department": department}
    )
    return member


async def _filed(desk: RequestDesk, department: str = "natural-resources") -> tuple[User, str]:
    user = await user_for("web", f"applicant-{department}")
    return user, (await file_disclosure(desk, user, department)).number


async def test_a_request_is_numbered_and_due_twenty_working_days_after_receipt(desk: RequestDesk, rules: Clock) -> None:
    request = await file_disclosure(desk, await user_for("web", "applicant-filed"))
    # the day's next number (other modules share this database and may have numbered that day too)
    assert re.fullmatch(r"GK20260918-\d{4}", request.number) and request.department == "approval"  # the routing office
    assert request.due_date == rules.answer_due(dt.date(2026, 9, 18)) == dt.date(2026, 10, 22)


async def test_correction_stops_the_clock_and_the_corrected_request_restarts_it(
    desk: RequestDesk, moment: Moment, rules: Clock
) -> None:
    user, number = await _filed(desk)
    clerk = await _member("natural-resources")
    # Given the office asks on the 7th working day after receipt (Tue 29 Sep)
    moment.on("2026-09-29")
    asked = await disclosure.ask_correction(desk, clerk, number, "请写明道路名称和工程年份")
    assert not isinstance(asked, Refusal) and asked.status == RequestStatus.WAITING_APPLICANT
    # When the applicant answers on Fri 9 Oct
    moment.on("2026-10-09")
    done = await desk.receive_correction(user.id, number, "临港区滨海路拓宽工程（2025年）")
    # Then 20 working days count again from that day, not from the first receipt
    assert not isinstance(done, Refusal)
    assert done.due_date == rules.restarted_due(dt.date(2026, 10, 9)) == dt.date(2026, 11, 5)
    request = await Request.get(number=number)
    assert request.status == RequestStatus.OPEN and request.due_date == dt.date(2026, 11, 5)
    # And 补正 is asked once only
    again = await disclosure.ask_correction(desk, clerk, number, "再补充")
    assert again == Refusal("disclosure.refused.correction_once")


async def test_correction_is_refused_after_seven_working_days(desk: RequestDesk, moment: Moment) -> None:
    _, number = await _filed(desk)
    moment.on("2026-09-30")
    refused = await disclosure.ask_correction(desk, await _member("natural-resources"), number, "请写明年份")
    assert refused == Refusal("disclosure.refused.correction_late", {"by": "2026-09-29"})
    assert (await Request.get(number=number)).status == RequestStatus.OPEN


async def test_the_time_is_extended_once_with_the_heads_approval(desk: RequestDesk, rules: Clock) -> None:
    _, number = await _filed(desk)
    clerk = await _member("natural-resources")
    unapproved = await disclosure.extend(desk, clerk, number, "需调取档案", approved_by="")
    assert unapproved == Refusal("disclosure.refused.needs_approval")
    too_long = await disclosure.extend(desk, clerk, number, "需调取档案", approved_by="李主任", days=21)
    assert too_long == Refusal("disclosure.refused.extension_days", {"most": 20})
    extended = await disclosure.extend(desk, clerk, number, "需调取档案", approved_by="李主任")
    assert not isinstance(extended, Refusal)
    assert extended.due_date == rules.extended_due(dt.date(2026, 10, 22)) == dt.date(2026, 11, 19)
    event = await RequestEvent.filter(request=extended, action="extend").get()
    assert event.data["approved_by"] == "李主任" and event.note == "需调取档案"
    # A second extension is refused, and the due date stays
    again = await disclosure.extend(desk, clerk, number, "仍需时间", approved_by="李主任")
    assert again == Refusal("disclosure.refused.extended_once")
    assert (await Request.get(number=number)).due_date == dt.date(2026, 11, 19)


async def test_withholding_needs_a_ground_and_the_answer_is_kept_and_pushed(desk: RequestDesk) -> None:
    _, number = await _filed(desk)
    clerk = await _member("natural-resources")
    bare = await disclosure.answer(desk, clerk, number, Answer(AnswerType.PARTIAL, "附图涉及第三方商业秘密"))
    assert bare == Refusal("disclosure.refused.needs_ground")
    answered = await disclosure.answer(
        desk, clerk, number, Answer(AnswerType.PARTIAL, "许可证予以公开，附图涉及第三方商业秘密", Ground.ART15)
    )
    assert not isinstance(answered, Refusal) and answered.status == RequestStatus.ANSWERED
    assert answered.payload["answer"] == {"type": "partial", "ground": "art15", "office": ""}
    event = await RequestEvent.filter(request=answered, action="answer").get()
    assert await Outbox.filter(key=f"request-push:{event.id}").exists()


async def test_not_held_names_the_right_office(desk: RequestDesk) -> None:
    _, number = await _filed(desk)
    clerk = await _member("natural-resources")
    refused = await disclosure.answer(desk, clerk, number, Answer(AnswerType.NOT_HELD, "不属本机关掌握"))
    assert refused == Refusal("disclosure.refused.needs_office")
    answered = await disclosure.answer(
        desk, clerk, number, Answer(AnswerType.NOT_HELD, "不属本机关掌握", right_office="区住房和城乡建设局")
    )
    assert not isinstance(answered, Refusal) and answered.payload["answer"]["office"] == "区住房和城乡建设局"


async def test_another_departments_clerk_cannot_act(desk: RequestDesk) -> None:
    _, number = await _filed(desk)
    refused = await disclosure.extend(desk, await _member("tax"), number, "需调取档案", approved_by="李主任")
    assert isinstance(refused, Refusal) and refused.key == "requests.refused.not_member"
