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

from handlers.catalog.references import check_references
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
        check_references(self)
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
