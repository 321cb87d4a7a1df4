"""Files sent for a material: checked, kept, and the pages of an album gathered into one."""

from __future__ import annotations

from collections.abc import Sequence

from handlers import parts
from handlers.buttons import StepAction, here
from handlers.catalog.schema import Material
from handlers.dialog.moving import advance, prompt
from handlers.dialog.turn import Turn
from handlers.events import InboundEvent, IncomingFile
from handlers.steps import StepKind, StepRef

MB = 1024 * 1024


async def receive(turn: Turn, event: InboundEvent) -> None:
    scenario, conv = turn.scenario, turn.conv
    album = conv.album
    if scenario and album and event.group_id and album.get("group") == event.group_id:
        _add_page(turn, scenario.material(album["material"]), event.files)
        return
    refused = next((f for f in event.files if not f.staged and not f.problem), None)
    if refused is not None:
        turn.say("file.over_cap", name=refused.name, mb=f"{refused.cap_bytes / MB:g}")
        await prompt(turn)
        return
    at = _sent_for(turn, event) or conv.at
    if scenario is None or at.kind != StepKind.MATERIAL:
        turn.say("file.unexpected")
        await prompt(turn)
        return
    await _take(turn, scenario.material(at.key), event)


def _sent_for(turn: Turn, event: InboundEvent) -> StepRef | None:
    """The document step a file fetched late was sent for, if the errand still has that document."""
    if turn.scenario is None or event.step is None:
        return None
    step = StepRef.parse(event.step)
    known = step.kind == StepKind.MATERIAL and any(m.key == step.key for m in turn.scenario.materials)
    return step if known else None


def _add_page(turn: Turn, material: Material, files: tuple[IncomingFile, ...]) -> None:
    """A later file of an album adds pages quietly; only a refused one is answered."""
    if not problem(turn, files, material.accept, material.max_mb):
        turn.conv.materials.setdefault(material.key, []).extend(described(files))


async def _take(turn: Turn, material: Material, event: InboundEvent) -> None:
    conv = turn.conv
    if problem(turn, event.files, parts.accepted(material), material.max_mb):
        await prompt(turn)
        return
    if parts.in_parts(material, [f.kind for f in event.files]):
        await _take_parts(turn, material, event.files)
        return
    conv.partial.pop(material.key, None)  # a whole PDF replaces the photos sent so far
    conv.materials[material.key] = described(event.files)
    conv.album = {"group": event.group_id, "material": material.key} if event.group_id else None
    turn.say("material.received", name=material.name.get(turn.lang), count=len(event.files))
    await advance(turn)


async def _take_parts(turn: Turn, material: Material, files: tuple[IncomingFile, ...]) -> None:
    """A side or some pages: kept aside until the last side, the last page allowed, or "传好了"."""
    conv, key = turn.conv, material.key
    so_far = [*conv.partial.get(key, []), *described(files)]
    if len(so_far) > parts.most(material):
        turn.say("part.too_many_sides" if material.sides == 2 else "part.too_many_pages", most=parts.most(material))
        await prompt(turn)
        return
    conv.partial[key] = parts.labelled(material, so_far)
    if len(so_far) == parts.most(material):
        await finish(turn, "")
        return
    if material.sides == 2:
        await prompt(turn)  # which says the front came and asks for the back
        return
    more, done = (here(conv, turn.t(f"part.{a}"), a) for a in (StepAction.MORE_PAGES, StepAction.PAGES_DONE))
    turn.say("part.page_received", more, done, count=len(so_far), most=parts.most(material))


async def more_pages(turn: Turn, _: str) -> None:
    """再传一张: the next photo is awaited; nothing changes, and "传好了" stays at hand."""
    turn.say("part.send_next", here(turn.conv, turn.t("part.pages_done"), StepAction.PAGES_DONE))


async def finish(turn: Turn, _: str) -> None:
    """传好了 (or the last side or page arrived): the parts become the document, and the errand goes on."""
    scenario, conv = turn.scenario, turn.conv
    assert scenario is not None
    taken = conv.partial.pop(conv.at.key, None)
    if not taken:
        await prompt(turn)
        return
    material = scenario.material(conv.at.key)
    conv.materials[material.key] = taken
    turn.say("material.received", name=material.name.get(turn.lang), count=len(taken))
    await advance(turn)


def problem(turn: Turn, files: tuple[IncomingFile, ...], accept: Sequence[str], max_mb: float) -> bool:
    """Tell the person what is wrong with the first refused file, if any (documents, and a 留言's photos)."""
    if not files:
        turn.say("file.empty")
        return True
    for f in files:
        if f.problem:
            turn.say(f.problem, name=f.name)
            return True
        if not f.staged or f.size > max_mb * MB:
            turn.say("file.too_large", name=f.name, mb=f"{max_mb:g}", size=f"{f.size / MB:.1f}")
            return True
        if f.size == 0:
            turn.say("file.empty")
            return True
        if f.kind not in accept:
            kinds = "、".join(turn.t(f"kind.{k}") for k in accept)
            turn.say("file.wrong_kind", name=f.name, kinds=kinds)
            return True
    return False


def described(files: tuple[IncomingFile, ...]) -> list[dict[str, object]]:
    return [
        {"name": f.name, "size": f.size, "kind": f.kind, "mime": f.mime, "sha256": f.sha256, "scanned": f.scanned}
        for f in files
    ]
