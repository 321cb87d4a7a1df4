"""依申请公开 in the dialog, on the engine alone: the form, its checks, filing, and a 补正."""

from __future__ import annotations

from dataclasses import replace

from handlers.effects import ActOnRequest, FileRequest

DESCRIPTION = "2025年临港区XX路拓宽工程的建设工程规划许可证及附图"


async def to_the_form(chat) -> None:
    await chat.send("command", "/start")
    await chat.tap("gk")
    assert "20 个工作日" in chat.text
    await chat.tap("gk:go")


async def to_the_description(chat) -> None:
    """A citizen's identity and contact given; the description is asked next."""
    await to_the_form(chat)
    await chat.tap("gk_pick:applicant_type=person")
    for answer in ("张三", "371302198506120027", "13800138000"):
        await chat.say(answer)


async def fill_as_a_citizen(chat) -> None:
    await to_the_description(chat)
    await chat.say(DESCRIPTION)
    await chat.tap("gk_skip:purpose")
    await chat.tap("gk_pick:form=electronic")
    await chat.tap("gk_pick:delivery=email")
    await chat.say("zhang.san@example.cn")
    await chat.tap("gk_pick:department=natural-resources")


async def test_a_citizen_files_a_request_and_is_told_its_number_and_due_date(chat, repo) -> None:
    await fill_as_a_citizen(chat)
    assert "请核对" in chat.text and "371*************27" in chat.text and "138****8000" in chat.text
    await chat.tap("gk_submit")
    filed = [e for e in chat.effects if isinstance(e, FileRequest)]
    assert len(filed) == 1 and (filed[0].kind, filed[0].department) == ("disclosure", "natural-resources")
    assert filed[0].text == DESCRIPTION and filed[0].subkind == "person"
    assert filed[0].payload["id_card"] == "371302198506120027" and filed[0].payload["purpose"] == ""
    assert filed[0].payload["email"] == "zhang.san@example.cn" and filed[0].payload["form"] == "electronic"
    assert filed[0].payload["received"] == chat.today().isoformat()
    number = next(iter(repo.filed_requests))
    assert number in chat.text and "答复期限" in chat.text and "自然资源" in chat.text
    assert (await chat.state()).step == "menu"


async def test_an_organisation_gives_its_credit_code_and_a_bad_one_is_refused(chat) -> None:
    await to_the_form(chat)
    await chat.say("法人或其他组织")
    await chat.say("临沂某某贸易有限公司")
    await chat.say("91371300MA3C1234XB")
    assert "校验位" in chat.text and (await chat.state()).step == "disclosure:uscc"
    await chat.say("91371300MA3C1234XA")
    assert (await chat.state()).step == "disclosure:phone"


async def test_a_vague_description_is_asked_again_with_a_hint(chat) -> None:
    await to_the_description(chat)
    await chat.say("规划文件")
    assert "描述太简略" in chat.text and (await chat.state()).step == "disclosure:description"


async def test_paper_is_posted_or_collected_and_a_post_needs_an_address(chat) -> None:
    await chat.send("command", "/start")
    await chat.say("我要申请政府信息公开")
    await chat.tap("gk:go")
    await chat.tap("gk_pick:applicant_type=person")
    for text in ("张三", "371302198506120027", "13800138000", DESCRIPTION):
        await chat.say(text)
    await chat.say("查询本人房屋拆迁补偿依据")
    await chat.tap("gk_pick:form=paper")
    shown = {b.data.split("|", 1)[1] for r in chat.replies for b in r.buttons}
    assert "gk_pick:delivery=post" in shown and "gk_pick:delivery=email" not in shown
    await chat.tap("gk_pick:delivery=post")
    assert (await chat.state()).step == "disclosure:address"
    await chat.say("临沂市临港区XX路8号")
    await chat.tap("gk_pick:department=unknown")
    await chat.tap("gk_submit")
    filed = next(e for e in chat.effects if isinstance(e, FileRequest))
    assert filed.department == "" and filed.payload["purpose"] == "查询本人房屋拆迁补偿依据"


async def test_an_old_option_button_does_nothing_after_the_form_moved_on(chat) -> None:
    await to_the_form(chat)
    old = chat.button("gk_pick:applicant_type=org")
    await chat.tap("gk_pick:applicant_type=person")
    await chat.send("button", old.data)
    assert (await chat.state()).answers == {"applicant_type": "person"}


async def test_the_applicant_answers_a_correction_from_the_list_of_their_requests(chat, repo) -> None:
    await fill_as_a_citizen(chat)
    await chat.tap("gk_submit")
    number = next(iter(repo.filed_requests))
    # Given the office asked for a 补正
    mine = repo.requests[chat.user_id]
    mine[0] = replace(mine[0], status="waiting_applicant")
    # When the applicant opens their requests and answers it
    await chat.tap("gk")
    assert "待您补正" in chat.text
    await chat.tap(f"request:{number}:correction")
    await chat.say("临港区滨海路（XX路）拓宽工程")
    # Then the 补正 goes to the request, as for every request
    fixed = [e for e in chat.effects if isinstance(e, ActOnRequest)]
    assert fixed == [ActOnRequest(number, "correction", "临港区滨海路（XX路）拓宽工程")]


async def test_elder_mode_answers_the_form_by_number(chat) -> None:
    await chat.send("command", "/elder")
    await chat.send("command", "/start")
    await chat.tap("gk")
    await chat.tap("gk:go")
    await chat.say("2")
    assert (await chat.state()).answers == {"applicant_type": "org"}


async def test_the_menu_leaves_the_form_so_what_is_typed_next_is_searched(chat) -> None:
    await to_the_form(chat)
    await chat.tap("gk_pick:applicant_type=person")
    await chat.send("command", "/menu")
    await chat.say("充电桩")
    assert (await chat.state()).step == "menu" and "办事场景" in chat.text
