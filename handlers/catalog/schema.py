"""The scenario file schema.

A scenario file is data written and edited by staff, so every rule a staff member
can break is checked here, with the field path in the error. The pydantic models
double as the JSON schema published by `yijianshi scenarios --schema`.
"""

from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from handlers.conditions import Condition, ConditionError, parse_condition
from handlers.visits import VisitKind

Slug = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]{1,47}$")]
Key = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")]

FieldType = Literal["text", "person_name", "number", "date", "choice", "yesno", "phone", "id_card", "uscc", "address"]
#: Kinds of file a material may accept; the kind is decided from the bytes, not the name.
FileKind = Literal["image", "pdf"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A string shown to people, in both shipped languages."""

    zh_CN: Annotated[str, Field(min_length=1)]
    en: Annotated[str, Field(min_length=1)]

    def get(self, locale: str) -> str:
        return self.en if locale == "en" else self.zh_CN


class Conditional(Strict):
    condition: str | None = None

    @field_validator("condition")
    @classmethod
    def _parses(cls, source: str | None) -> str | None:
        if source is not None:
            try:
                parse_condition(source)
            except ConditionError as exc:
                raise ValueError(str(exc)) from exc
        return source

    @property
    def compiled(self) -> Condition | None:
        return parse_condition(self.condition) if self.condition else None


class Item(Conditional):
    """One administrative item (联办事项) handled by one department."""

    key: Key
    name: Text
    department: Slug
    #: Says in plain words when the item is needed; shown in the up-front notice.
    condition_note: Text | None = None
    #: Work government does itself (building an online channel, sharing licence data): the
    #: applicant neither applies for it nor waits on it, so it is never filed, carded or counted.
    internal: bool = False


class Option(Strict):
    value: Annotated[str, Field(pattern=r"^[a-z0-9_]{1,40}$")]
    label: Text


class Question(Conditional):
    """One typed field of the single application form (一表申报)."""

    key: Key
    type: FieldType
    label: Text
    hint: Text | None = None
    required: bool = True
    options: list[Option] = []
    min: float | None = None
    max: float | None = None
    unit: Text | None = None
    #: For dates: whether the date must lie in the past, the future, or either.
    when: Literal["past", "future", "any"] = "any"
    #: Asked only when one of these items applies; empty means always.
    items: list[Key] = []
    #: Taken from a public 办事指南 (cited in a comment beside it) but not confirmed by the district:
    #: the district should confirm the entry.
    staff_editable: bool = False

    @model_validator(mode="after")
    def _options_match_type(self) -> Question:
        if self.type == "choice" and len(self.options) < 2:
            raise ValueError("a choice needs at least two options")
        if self.type != "choice" and self.options:
            raise ValueError(f"options are only for choice fields, not {self.type}")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError("min is greater than max")
        return self


class Material(Conditional):
    """A document the applicant provides once, whatever number of items need it."""

    key: Key
    name: Text
    hint: Text | None = None
    items: Annotated[list[Key], Field(min_length=1)]
    required: bool = True
    accept: Annotated[list[FileKind], Field(min_length=1)] = ["image", "pdf"]
    max_mb: Annotated[float, Field(gt=0, le=50)] = 10
    #: An applicant's earlier upload of this material may be reused with one tap.
    reusable: bool = False
    #: 2: a card with two sides (an ID card): photos of the front and the back, asked one after the other.
    sides: Literal[1, 2] = 1
    #: many: a document of several pages (户口簿, a contract), photographed page by page until "传好了".
    pages: Literal["one", "many"] = "one"
    #: 容缺受理: the office accepts the case without this (required) document when the applicant
    #: signs a promise (承诺书) to hand it in within this many days.
    promise_days: Annotated[int, Field(ge=1, le=180)] | None = None
    #: Taken from a public 办事指南 (cited in a comment beside it): the district should confirm it.
    staff_editable: bool = False

    @model_validator(mode="after")
    def _sides_or_pages(self) -> Material:
        if self.sides == 2 and self.pages == "many":
            raise ValueError("a material has two sides or many pages, not both")
        if self.promise_days is not None and not self.required:
            raise ValueError(
                "promise_days (容缺受理) is for a required document; an optional one is simply given later"
            )
        return self


class Rule(Strict):
    """A check across answers: when ``when`` holds, the answers cannot stand together.

    ``inconsistent`` asks the answer just given again, with the message; ``ineligible`` ends the
    errand before any document is asked, with the message and what to do instead.
    """

    key: Key
    #: The fields the rule reads: exactly the names its condition uses.
    reads: Annotated[list[Key], Field(min_length=1)]
    when: str
    outcome: Literal["inconsistent", "ineligible"]
    message: Text
    instead: Text | None = None

    @field_validator("when")
    @classmethod
    def _parses(cls, source: str) -> str:
        try:
            parse_condition(source)
        except ConditionError as exc:
            raise ValueError(str(exc)) from exc
        return source

    @model_validator(mode="after")
    def _reads_what_it_says(self) -> Rule:
        used = parse_condition(self.when).names
        if used != set(self.reads):
            raise ValueError(f"reads {sorted(self.reads)} but the condition uses {sorted(used)}")
        if self.outcome == "ineligible" and self.instead is None:
            raise ValueError("an ineligible rule must say what to do instead")
        return self

    @property
    def compiled(self) -> Condition:
        return parse_condition(self.when)


class Source(Strict):
    document: str
    section: str


class Scenario(Strict):
    """One "一件事": several items from several departments behind one form."""

    id: Slug
    name: Text
    batch: Literal[1, 2]
    published: dt.date
    lead_departments: Annotated[list[Slug], Field(min_length=1)]
    audience: Literal["person", "company"]
    description: Text
    #: package: every applicable item is filed (套餐式); a_la_carte: the applicant picks (点单式).
    selection: Literal["package", "a_la_carte"] = "package"
    popular: bool = False
    keywords: list[str] = []
    #: True where questions and materials were written by us, not listed by the source.
    staff_editable: bool = True
    source: Source
    items: Annotated[list[Item], Field(min_length=1)]
    fields: list[Question] = []
    materials: list[Material] = []
    rules: list[Rule] = []
    #: What happens once the items are approved (who comes, what arrives): a line of the notice.
    after_approval: Text | None = None
    #: Permits usually also needed that are outside this bundle, named as such in the notice.
    related: list[Text] = []
    #: What, if anything, must be done in person (at the service hall or on site); None: nothing
    #: beyond collecting paper licences or showing originals when asked.
    in_person: Text | None = None
    #: Items the source counts but does not name (企业信息变更: "6个流程", five named): the window
    #: tells the applicant which; the notice and every staff card say so rather than dropping them.
    untold_items: Annotated[int, Field(ge=0, le=9)] = 0
    #: What to do instead when the deciding answers leave no item to apply for (the errand ends early).
    not_applicable: Text | None = None
    #: Joint site visits the source promises (水电气暖信: "一次现场勘验、一次竣工验收"), in order: the
    #: first lead department proposes each time, every department with an item confirms it.
    joint_visits: list[VisitKind] = []

    @model_validator(mode="after")
    def _references_resolve(self) -> Scenario:
        _unique("items", [i.key for i in self.items])
        _unique("fields", [f.key for f in self.fields])
        _unique("materials", [m.key for m in self.materials])
        _unique("rules", [r.key for r in self.rules])
        item_keys = {i.key for i in self.items}
        applied_for = {i.key for i in self.items if not i.internal}
        if not applied_for:
            raise ValueError("items: every item is internal, so there is nothing to apply for")
        seen: set[str] = set()
        for question in self.fields:
            _known(f"fields.{question.key}.items", question.items, item_keys)
            _not_only_internal(f"fields.{question.key}.items", question.items, applied_for)
            _refers_to(f"fields.{question.key}.condition", question.compiled, seen)
            seen.add(question.key)
        for item in self.items:
            _refers_to(f"items.{item.key}.condition", item.compiled, seen)
        for material in self.materials:
            _known(f"materials.{material.key}.items", material.items, item_keys)
            _not_only_internal(f"materials.{material.key}.items", material.items, applied_for)
            _refers_to(f"materials.{material.key}.condition", material.compiled, seen)
        for rule in self.rules:
            _refers_to(f"rules.{rule.key}.when", rule.compiled, seen)
        _unique("joint_visits", list(self.joint_visits))
        if VisitKind.COMPLETION in self.joint_visits and VisitKind.SURVEY not in self.joint_visits:
            raise ValueError("joint_visits: a joint completion acceptance follows a joint survey")
        return self

    def item(self, key: str) -> Item:
        return self._items_by_key[key]

    def question(self, key: str) -> Question:
        return self._fields_by_key[key]

    def material(self, key: str) -> Material:
        return self._materials_by_key[key]

    # A scenario never changes once loaded (frozen), so what is derived from it alone is kept on it:
    # cached_property writes the instance's own dict, which pydantic leaves out of fields and equality.
    @cached_property
    def _items_by_key(self) -> dict[str, Item]:
        return {i.key: i for i in self.items}

    @cached_property
    def _fields_by_key(self) -> dict[str, Question]:
        return {f.key: f for f in self.fields}

    @cached_property
    def _materials_by_key(self) -> dict[str, Material]:
        return {m.key: m for m in self.materials}

    @cached_property
    def derived(self) -> dict[Any, Any]:
        """Values the plan derives from this scenario alone (handlers.plan), each computed once."""
        return {}


class LimitSource(Strict):
    """Where a time limit comes from: a law, a regulation or a published commitment."""

    document: Annotated[str, Field(min_length=2)]
    article: Annotated[str, Field(min_length=1)]


class Limit(Strict):
    """The longest an item may take once accepted."""

    days: Annotated[int, Field(ge=0, le=365)]
    #: workdays: 工作日 (the district's calendar); days: calendar days (日), as some laws count.
    unit: Literal["workdays", "days"] = "workdays"
    #: legal_maximum: the most a law or regulation allows (not a local promise);
    #: commitment: a provincial, municipal or department promise.
    basis: Literal["legal_maximum", "commitment"]
    source: LimitSource
    note: str = ""


class Fee(Strict):
    """What an item costs the applicant, with where that is written."""

    free: bool
    #: What is charged, where it is not free.
    amount: Text | None = None
    source: LimitSource

    @model_validator(mode="after")
    def _amount_when_charged(self) -> Fee:
        if not self.free and self.amount is None:
            raise ValueError("a fee that is charged says how much in `amount`")
        return self


class Routing(Strict):
    department: Slug
    reason: Annotated[str, Field(min_length=4)]


class ItemEntry(Strict):
    """One item of the item registry (items.yaml): who handles it everywhere, and how long it may take."""

    department: Slug
    #: Why this department, from the source and the district's structure.
    reason: str = ""
    limit: Limit | None = None
    #: Why no sourced limit is given; required when `limit` is missing.
    unknown: str = ""
    #: What the applicant pays, with its source; None: to be confirmed at the window.
    fee: Fee | None = None
    #: Other names the scenario files use for the same item.
    aliases: list[str] = []
    #: Scenarios where the item goes elsewhere, each with why.
    exceptions: dict[str, Routing] = {}

    @model_validator(mode="after")
    def _limit_or_why(self) -> ItemEntry:
        if self.limit is None and not self.unknown.strip():
            raise ValueError("an item without a limit says why in `unknown`")
        if self.limit is not None and self.unknown:
            raise ValueError("an item has either a limit or `unknown`, not both")
        return self


class ItemRegistry(Strict):
    items: dict[str, ItemEntry] = {}


class Commitment(Strict):
    """A department's own published promise for one item: never longer than the item's limit."""

    days: Annotated[int, Field(ge=0, le=365)]
    unit: Literal["workdays", "days"] = "workdays"
    document: Annotated[str, Field(min_length=2)]
    article: str = "全文"


class Department(Strict):
    key: Slug
    name: Text
    #: Its phone for residents; None: the 12345 hotline answers for it.
    phone: Annotated[str, Field(pattern=r"^[0-9-]{5,20}$")] | None = None
    #: Where to find it in person (a service window), if known.
    window: Text | None = None
    #: An administrative organ, whose refusal can be reviewed or sued; a company (power, gas, bank) is not.
    administrative: bool = True
    #: Its 行政复议机关 where that is not the district's (vertically led or a city department's branch).
    reconsideration: Text | None = None
    #: True where the source does not name this body: the district confirms the name.
    to_confirm: bool = False
    #: Why the name is as it is (the source's wording, or why it is to be confirmed).
    note: str = ""
    #: Item name (as in items.yaml) -> the department's own shorter commitment.
    commitments: dict[str, Commitment] = {}

    @model_validator(mode="after")
    def _says_why(self) -> Department:
        if self.to_confirm and not self.note.strip():
            raise ValueError(f"{self.key}: a name to confirm says why in `note`")
        return self


class Remedy(Strict):
    """What every refusal tells the resident (《行政许可法》第三十八条): where and how long to appeal."""

    #: The district's 行政复议机关 for its own departments (《行政复议法》第二十四条).
    reconsideration: Text
    #: Whether the district confirmed the bodies above; until then notices add that the decision letter governs.
    confirmed: bool = False
    hotline: Annotated[str, Field(pattern=r"^[0-9-]{3,20}$")] = "12345"


class DepartmentList(Strict):
    #: None: notices name no body and point to the written decision.
    remedy: Remedy | None = None
    departments: list[Department]


def _unique(where: str, keys: list[str]) -> None:
    doubled = sorted({k for k in keys if keys.count(k) > 1})
    if doubled:
        raise ValueError(f"{where}: duplicate keys {doubled}")


def _known(where: str, keys: list[str], allowed: set[str]) -> None:
    unknown = sorted(set(keys) - allowed)
    if unknown:
        raise ValueError(f"{where}: unknown item keys {unknown}")


def _not_only_internal(where: str, keys: list[str], applied_for: set[str]) -> None:
    if keys and not set(keys) & applied_for:
        raise ValueError(f"{where}: only internal items {sorted(keys)}, so it would never be asked")


def _refers_to(where: str, condition: Condition | None, allowed: set[str]) -> None:
    if condition is None:
        return
    unknown = sorted(condition.names - allowed)
    if unknown:
        raise ValueError(f"{where}: refers to {unknown}, which are not fields asked before it")
