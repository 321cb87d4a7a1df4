"""WeCom group robots: what residents typed reaches the group as text, never as links or formatting."""

from __future__ import annotations

from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.channels.wecom import WecomRobotBoard, plain
from handlers.events import Button, Reply


async def test_typed_links_and_markdown_are_posted_as_text() -> None:
    posted: list[str] = []

    async def robot(request: web.Request) -> web.Response:
        posted.append((await request.json())["markdown"]["content"])
        return web.json_response({"errcode": 0, "errmsg": "ok"})

    app = web.Application()
    app.router.add_post("/cgi-bin/webhook/send", robot)
    async with TestServer(app) as server:
        board = WecomRobotBoard({"fire": "k"}, f"http://127.0.0.1:{server.port}", "https://yjs.example")
        typed = "企业：[领奖](https://evil.example) <font color=red>急</font> **粗** `码` # 标题 http://evil.example/a"
        await board.show_card("fire", None, Reply(f"【办件】LG1\n{typed}", (Button("受理", "card:1:0:accept:1"),)))
        await board.notify("fire", typed)
        await board.close()
    ours = "\n\n[受理](https://yjs.example/staff#department=fire)"
    # the one link is ours, to the staff page
    assert posted[0].endswith(ours)
    for content in (posted[0].removesuffix(ours), posted[1]):
        for sign in ("[领奖]", "](", "<font", "**", "`", "# ", "https://evil", "http://evil"):
            assert sign not in content
        assert "领奖" in content and "evil.example" in content


def test_plain_keeps_ordinary_text() -> None:
    assert plain("王先生 申请 LG20261126-0001：已受理。") == "王先生 申请 LG20261126-0001：已受理。"
