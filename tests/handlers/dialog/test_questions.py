"""Questions mid-errand and search at the menu, answered without losing the place."""

from __future__ import annotations

import shutil
from pathlib import Path

from engine_chat import EngineChat
from scenario_walk import at_id_question

from handlers.catalog import load_catalog
from handlers.catalog.loader import shipped_directory
from handlers.search import Searcher


async def test_questions_in_the_middle_are_answered_and_the_place_is_kept(chat) -> None:
    await at_id_question(chat)
    await chat.say("要带什么材料")
    assert "申请人身份证（正反面）" in chat.text and "我们继续办理" in chat.text
    await chat.say("多久能办好？")
    # No sourced limit for every item of this errand: no number is promised
    assert "各部门按承诺时限办理，受理后告知办结日期" in chat.text and "个工作日" not in chat.text
    await chat.send("command", "/status")
    assert "还没有提交过办件" in chat.text
    assert (await chat.state()).step == "field:applicant_id"
    assert "身份证号码" in chat.replies[-1].text


async def test_typing_at_the_menu_finds_scenarios(chat) -> None:
    await chat.say("充电桩")
    assert any("充电桩" in b.label for b in chat.replies[-1].buttons)
    await chat.say("qwzx")
    assert "没有找到" in chat.text and chat.button("all")


async def test_free_text_at_the_menu_finds_the_scenario_one_tap_away(chat) -> None:
    await chat.say("冲电桩")
    assert "已按“充电桩”为您查找" in chat.text and "办事场景" in chat.text
    first = chat.replies[0].buttons[0]
    assert first.data in ("*|sc:ev-charger-home", "*|sc:ev-charger-public")
    await chat.send("button", "*|sc:ev-charger-home")
    assert "一次告知" in chat.text or "居民充电桩报装" in chat.text
    assert (await chat.state()).scenario == "ev-charger-home"


async def test_a_policy_result_opens_its_answer_with_the_source(chat) -> None:
    await chat.say("亩产效益企业怎么分类")
    assert "政策解读" in chat.text
    await chat.tap("pol:mu-yield.classes")
    assert "【企业分类】" in chat.text
    assert "出处：《" in chat.text and "三、4" in chat.text
    assert chat.button("menu")


async def test_nothing_matched_still_offers_suggestions(chat) -> None:
    await chat.say("qwertyuiop zxcv")
    assert "您是不是要找" in chat.text
    suggested = [b for b in chat.replies[-1].buttons if b.data.startswith(("*|sc:", "*|pol:"))]
    assert suggested and chat.button("all")


async def test_a_question_mid_scenario_is_answered_and_the_place_kept(chat) -> None:
    await chat.send("button", "*|sc:retirement")
    await chat.tap("start")
    await chat.tap("privacy:yes")
    before = await chat.state()
    step, answers = before.step, dict(before.answers)
    assert step.startswith("field:")
    await chat.say("机关开会还能摆鲜花吗？")
    assert "出处：" in chat.text and "我们继续办理“退休”" in chat.text
    after = await chat.state()
    assert after.step == step and after.answers == answers and after.scenario == "retirement"
    await chat.tap("resume")
    assert (await chat.state()).step == step


async def test_a_question_about_another_errand_offers_it_without_losing_this_one(chat) -> None:
    await chat.send("button", "*|sc:retirement")
    await chat.tap("start")
    await chat.tap("privacy:yes")
    await chat.say("110101196003074510")  # the ID number comes first: it tells the age
    step = (await chat.state()).step
    await chat.say("社保卡丢了怎么补办？")
    assert chat.button("sc:social-security-card") and "我们继续办理“退休”" in chat.text
    assert (await chat.state()).step == step and (await chat.state()).answers["applicant_id"] == "110101196003074510"


async def test_an_unanswerable_question_is_not_taken_for_a_name(chat) -> None:
    await chat.send("button", "*|sc:ev-charger-home")
    await chat.tap("start")
    await chat.tap("privacy:yes")
    await chat.say("1")
    await chat.say("是")
    await chat.say("为什么呢？")
    assert "没有找到现成的解答" in chat.text
    conv = await chat.state()
    assert conv.step == "field:applicant_name" and "applicant_name" not in conv.answers


async def test_a_plain_answer_is_still_an_answer(chat) -> None:
    await chat.send("button", "*|sc:ev-charger-home")
    await chat.tap("start")
    await chat.tap("privacy:yes")
    await chat.say("1")
    await chat.say("是")
    await chat.say("李四")
    assert (await chat.state()).answers["applicant_name"] == "李四"


async def test_a_button_for_a_passage_that_no_longer_exists_is_refused_politely(chat) -> None:
    await chat.say("/start")
    await chat.send("button", "*|pol:gone.away")
    assert "已经失效" in chat.text


async def test_english_search_answers_in_english(chat) -> None:
    await chat.say("/lang en")
    await chat.say("open a company")
    assert "Errands" in chat.text
    assert chat.replies[0].buttons[0].data == "*|sc:open-company"


async def test_staff_extend_the_synonyms_without_code(files, tmp_path: Path, clock) -> None:
    mine = tmp_path / "scenarios"
    shutil.copytree(shipped_directory(), mine)
    with (mine / "synonyms.yaml").open("a", encoding="utf-8") as extra:
        extra.write("  - means: 居民充电桩报装\n    say: [给电驴子弄个插座]\n")
    catalog = load_catalog(mine)
    assert Searcher(load_catalog())("给电驴子弄个插座").ranked[0].id != "ev-charger-home"
    chat = EngineChat(catalog, Searcher(catalog), files, clock)
    await chat.say("给电驴子弄个插座")
    assert chat.replies[0].buttons[0].data == "*|sc:ev-charger-home"


async def test_the_notice_promises_a_sourced_time_or_says_the_date_comes_with_the_acceptance(chat, new_chat) -> None:
    # Given an errand whose every item has a limit in law: the longest, said as the legal maximum
    await chat.send("button", "*|sc:convenience-store")
    assert "依法最长 20 个工作日内办结" in chat.text and "承诺" not in chat.text
    await chat.say("多久能办好？")
    assert "依法最长 20 个工作日内办结" in chat.text
    # Given an errand with an item that has no sourced limit (取水许可): no number at all
    other = new_chat()
    await other.send("button", "*|sc:bathhouse")
    assert "各部门按承诺时限办理，受理后告知办结日期" in other.text
    assert "个工作日内办结" not in other.text
