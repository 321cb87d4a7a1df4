"""Step counts are one truth: the notice's "最多 N 步" is the total every step shows, and it never changes."""

from __future__ import annotations

import re

from samples import JPEG


async def test_the_notice_and_every_step_count_the_same_total(chat) -> None:
    # Given the EV charger's notice, which announces how many steps there are at most
    await chat.send("command", "/start")
    await chat.tap("sc:ev-charger-home")
    announced = int(re.search(r"最多 (\d+) 步", chat.text)[1])
    # When the resident answers every question and hands in every document
    await chat.tap("start")
    await chat.tap("privacy:yes")  # the privacy notice comes first: it is not a step of the errand
    seen: list[tuple[int, int]] = []
    answers = iter(["张三", "371302198506120027", "13800138000", "临港区滨海路8号阳光小区3号楼"])
    while found := re.search(r"第 (\d+)/(\d+) 步", chat.text):
        seen.append((int(found[1]), int(found[2])))
        if "material" in (await chat.state()).step:
            await chat.upload("page.jpg", JPEG)
            if any("pages_done" in b.data for b in chat.replies[-1].buttons):
                await chat.tap("pages_done")  # a document of several pages: this one had one
        elif chat.replies[-1].buttons and "answer" in chat.replies[-1].buttons[0].data:
            await chat.tap("answer")
        else:
            await chat.say(next(answers))
    # Then every step shows the announced total, and the place only moves forward (a document
    # asked in parts, front then back, keeps its place while its parts come in)
    assert len(seen) >= 8
    assert {total for _, total in seen} == {announced}
    places = [at for at, _ in seen]
    assert places == sorted(places) and places[-1] <= announced
    assert max(places.count(at) for at in places) <= 2
    assert "请核对" in chat.text
