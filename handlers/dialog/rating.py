"""好差评: rating a decided item on the five national levels, with reasons for the two lowest and a comment.

Never required: the result is told whether or not anyone rates. Level buttons carry the case
and item, so they work from any message while the rating may still be changed; the reasons
and the comment belong to the rating being given, and a tap on an older one is answered politely.
"""

from __future__ import annotations

from handlers.buttons import ButtonData, GlobalAction
from handlers.context import RatableItem
from handlers.dialog.moving import prompt
from handlers.dialog.turn import Turn
from handlers.effects import RateItem
from handlers.events import Button, Reply
from handlers.ratings import LOW, Level, RatePress, Reason, Verb, changeable, level_of

#: Longest comment kept; the rest is cut.
COMMENT_CHARS = 500
#: Most items offered at once when "评价" names no case.
LISTED = 8


async def press(turn: Turn, argument: str) -> None:
    """Every rating button: open an item, a level, a reason ticked, the reasons done, no comment."""
    tapped = RatePress.unpack(argument)
    if tapped is None:
        turn.say("rating.stale")
        return
    match tapped.verb:
        case Verb.OPEN:
            await open_case(turn, tapped.number, tapped.item)
        case Verb.LEVEL:
            await _level(turn, tapped)
        case Verb.REASON | Verb.DONE | Verb.SKIP:
            await _of_this_rating(turn, tapped)


async def start(turn: Turn, _: str = "") -> None:
    """Typed "评价": the one item waiting for a rating, else the items of the latest cases to choose from."""
    await open_case(turn, "", "")


async def open_case(turn: Turn, number: str, item_key: str) -> None:
    items = await turn.ctx.repo.ratable(turn.ctx.user_id, number)
    if item_key:
        items = [i for i in items if i.item_key == item_key]
    unrated = [i for i in items if i.level is None]
    if not items:
        turn.say("rating.nothing")
        await prompt(turn, resume=True)
    elif len(items) == 1 or (not number and len(unrated) == 1):
        await ask_level(turn, (unrated or items)[0])
    else:
        _choose(turn, number, items[:LISTED])


def _choose(turn: Turn, number: str, items: list[RatableItem]) -> None:
    turn.conv.rating = {"number": number, "item": "", "stage": "choose"}  # a number alone picks one
    buttons = tuple(
        turn.button("rating.item_button", GlobalAction.RATE, RatePress(i.number, i.item_key).pack(), **_named(turn, i))
        for i in items
    )
    text = turn.t("rating.choose")
    turn.send(Reply(text, buttons, _numbered(turn, text, buttons)))


async def ask_level(turn: Turn, item: RatableItem) -> None:
    if not changeable(item.rated_at, turn.ctx.now(), turn.ctx.rating_change_days):
        turn.say("rating.closed", level=turn.t(f"rating.level.{item.level}"), **_named(turn, item))
        await prompt(turn, resume=True)
        return
    turn.conv.rating = {"number": item.number, "item": item.item_key, "stage": "level"}
    lines = [turn.t("rating.ask", **_named(turn, item))]
    if item.level:
        lines.append(turn.t("rating.given", level=turn.t(f"rating.level.{item.level}")))
    lines.append(turn.t("rating.optional"))
    buttons = tuple(_level_button(turn, item, level) for level in Level)
    turn.send(Reply("\n".join(lines), buttons, _numbered(turn, lines[0], buttons)))


async def _level(turn: Turn, tapped: RatePress) -> None:
    level = level_of(tapped.value)
    item = await _item(turn, tapped.number, tapped.item)
    if item is None or level is None:
        turn.say("rating.stale")
        return
    if not changeable(item.rated_at, turn.ctx.now(), turn.ctx.rating_change_days):
        turn.say("rating.closed", level=turn.t(f"rating.level.{item.level}"), **_named(turn, item))
        return
    turn.conv.rating = {"number": item.number, "item": item.item_key, "level": level, "reasons": []}
    if level in LOW:
        turn.conv.rating["stage"] = "reasons"
        _ask_reasons(turn)
        return
    _keep(turn)


def _ask_reasons(turn: Turn) -> None:
    rating = turn.conv.rating or {}
    ticked = set(rating.get("reasons", []))
    buttons = [
        _button(
            turn, "rating.ticked" if r in ticked else "rating.unticked", Verb.REASON, r, turn.t(f"rating.reason.{r}")
        )
        for r in Reason
    ]
    buttons.append(_button(turn, "rating.reasons_done", Verb.DONE))
    text = turn.t("rating.reasons", level=turn.t(f"rating.level.{rating['level']}"))
    spoken = [
        turn.t("rating.ticked_spoken" if r in ticked else "rating.unticked_spoken", label=turn.t(f"rating.reason.{r}"))
        for r in Reason
    ]
    spoken.append(buttons[-1].label)
    turn.send(Reply(text, tuple(buttons), _numbered(turn, text, tuple(buttons), spoken)))


async def _of_this_rating(turn: Turn, tapped: RatePress) -> None:
    """Reasons, done and skip act on the rating being given; a tap from an older message is told so."""
    rating = turn.conv.rating
    if not rating or (rating["number"], rating["item"]) != (tapped.number, tapped.item):
        turn.say("rating.stale")
        return
    if tapped.verb == Verb.SKIP and rating.get("stage") == "comment":
        turn.conv.rating = None
        turn.say("rating.thanks")
        await prompt(turn, resume=True)
    elif tapped.verb == Verb.REASON and rating.get("stage") == "reasons" and tapped.value in set(Reason):
        ticked = list(rating.get("reasons", []))
        rating["reasons"] = (
            [r for r in ticked if r != tapped.value] if tapped.value in ticked else [*ticked, tapped.value]
        )
        _ask_reasons(turn)
    elif tapped.verb == Verb.DONE and rating.get("stage") == "reasons":
        _keep(turn)
    else:
        turn.say("rating.stale")


def _keep(turn: Turn, comment: str = "") -> None:
    """The rating is kept now (a comment may follow and is kept with it); the follow-up is the save's."""
    rating = turn.conv.rating
    assert rating is not None
    level, reasons = rating["level"], tuple(rating.get("reasons", []))
    turn.effect(RateItem(rating["number"], rating["item"], level, reasons, comment))
    if comment:
        turn.conv.rating = None
        turn.say("rating.thanks")
        return
    rating["stage"] = "comment"
    low = turn.t("rating.followup") if level in LOW else ""
    skip = _button(turn, "rating.no_comment", Verb.SKIP)
    text = turn.t("rating.kept", level=turn.t(f"rating.level.{level}"), followup=low)
    turn.send(Reply(text, (skip,), _numbered(turn, text, (skip,))))


def waiting_for_comment(turn: Turn) -> bool:
    return bool(turn.conv.rating and turn.conv.rating.get("stage") == "comment")


async def comment(turn: Turn, text: str) -> None:
    """Typed after the rating was kept: its comment, kept with it."""
    _keep(turn, text.strip()[:COMMENT_CHARS])
    await prompt(turn, resume=True)


async def by_number(turn: Turn, text: str) -> bool:
    """A number alone while a rating is asked (elder mode, or a channel without buttons): that option."""
    rating = turn.conv.rating
    if not rating or not text.isdigit():
        return False
    scratch = Turn(turn.conv, turn.ctx)
    if rating.get("stage") == "choose":
        await open_case(scratch, rating["number"], "")
    elif rating.get("stage") == "reasons":
        _ask_reasons(scratch)
    elif rating.get("stage") == "comment":
        scratch.send(Reply("", (_button(turn, "rating.no_comment", Verb.SKIP),)))
    elif item := await _item(turn, rating["number"], rating["item"]):
        await ask_level(scratch, item)
    buttons = scratch.result.replies[-1].buttons if scratch.result.replies else ()
    if not 1 <= int(text) <= len(buttons):
        return False
    await press(turn, ButtonData.unpack(buttons[int(text) - 1].data).argument)
    return True


async def _item(turn: Turn, number: str, item_key: str) -> RatableItem | None:
    items = await turn.ctx.repo.ratable(turn.ctx.user_id, number)
    return next((i for i in items if i.item_key == item_key), None) if number else None


def _named(turn: Turn, item: RatableItem) -> dict[str, str]:
    scenario = turn.ctx.catalog.get(item.scenario_id)
    name = scenario.item(item.item_key).name.get(turn.lang) if scenario else item.item_key
    department = turn.ctx.catalog.department_name(item.department, turn.lang)
    return {"number": item.number, "item": name, "department": department}


def _level_button(turn: Turn, item: RatableItem, level: Level) -> Button:
    argument = RatePress(item.number, item.item_key, Verb.LEVEL, level).pack()
    return turn.button(f"rating.level.{level}", GlobalAction.RATE, argument)


def _button(turn: Turn, key: str, verb: Verb, value: str = "", label: str = "") -> Button:
    rating = turn.conv.rating or {}
    argument = RatePress(rating.get("number", ""), rating.get("item", ""), verb, value).pack()
    return turn.button(key, GlobalAction.RATE, argument, label=label)


def _numbered(turn: Turn, text: str, buttons: tuple[Button, ...], spoken: list[str] | None = None) -> str | None:
    """In elder mode the question is read with its options by number, to be answered by number."""
    if not turn.conv.elder:
        return None
    labels = spoken or [b.label for b in buttons]
    options = "；".join(f"{n} {label}" for n, label in enumerate(labels, 1))
    return turn.t("rating.by_number", question=text, options=options)
