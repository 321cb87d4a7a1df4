"""The one card drawer: what a staff card shows, rendered, and the staff page's copy stored."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from casework import visits
from casework.linking import linked_yet
from handlers.cards import CardFacts, CardItem, render_card
from handlers.catalog import Catalog
from handlers.events import Reply
from handlers.lifecycle import ItemStatus
from handlers.visits import VisitFacts
from locales import translate
from models import db
from models.case import Case, CaseItem
from models.material import Material
from models.staff import StaffCard


@dataclass(frozen=True)
class CardDrawer:
    """Renders a card as it is now; the post_card actor and the staff page's answer both draw through it."""

    catalog: Catalog
    #: Base URL of the staff page, for the link on each card.
    link_base: str

    async def draw(self, card: StaffCard) -> Reply:
        """Render the card at its loaded version and store that as the staff page's copy (``card.body``).

        The copy is stored only while the card is still at that version: a slow drawer of an
        older version never overwrites a newer copy. Needs no transaction.
        """
        return (await self.draw_all(await card.case, [card]))[0]

    async def draw_all(self, case: Case, cards: Sequence[StaffCard]) -> list[Reply]:
        """Every given card of one case, from one read of the case's items, documents and visits
        (routing draws a case's cards together); each stored as ``draw`` stores one."""
        shared = await _case_facts(case, self.link_base)
        replies = []
        for card in cards:
            reply = render_card(shared.card(card), self.catalog, translate)
            body, now = reply.to_json(), db.now()  # SQLite compares stored moments as text: one zone
            if await StaffCard.filter(id=card.id, version=card.version).update(body=body, updated_at=now):
                card.body, card.updated_at = body, now
            replies.append(reply)
        return replies


async def card_facts(card: StaffCard, link_base: str) -> CardFacts:
    """What a card shows, for a card its caller has just loaded (its case is fetched if not already)."""
    return (await _case_facts(await card.case, link_base)).card(card)


@dataclass(frozen=True)
class _CaseFacts:
    """What every card of one case is drawn from, read once."""

    case: Case
    items: list[CaseItem]
    materials: dict[str, int]
    proxy: str
    visits: tuple[VisitFacts, ...]
    link_base: str

    def card(self, card: StaffCard) -> CardFacts:
        case = self.case
        items = [i for i in self.items if i.department == card.department]
        return CardFacts(
            card_id=card.id,
            version=card.version,
            number=case.number,
            scenario_id=case.scenario_id,
            department=card.department,
            answers=case.answers,
            items=[
                CardItem(i.id, i.item_key, i.status, i.due_date, i.note, i.assignee.name if i.assignee else "")
                for i in items
            ],
            materials=self.materials,
            due_provisional=case.due_provisional,
            changes=case.last_changes if any(i.status == ItemStatus.RESUBMITTED for i in items) else {},
            link=f"{self.link_base}/staff#department={card.department}&case={case.number}",
            owed=tuple(case.owed),
            promised=dict(case.promised),
            arrived=tuple(case.last_changes.get("arrived", [])),
            proxy=self.proxy,
            visits=self.visits,
        )


async def _case_facts(case: Case, link_base: str) -> _CaseFacts:
    items = await CaseItem.filter(case=case).order_by("id").prefetch_related("assignee")
    materials: dict[str, int] = {}
    for key in await Material.filter(case=case).values_list("key", flat=True):
        materials[str(key)] = materials.get(str(key), 0) + 1
    proxy = ("linked" if await linked_yet(case) else "unlinked") if case.proxy_by else ""
    return _CaseFacts(case, items, materials, proxy, tuple(await visits.views(case.id)), link_base)
