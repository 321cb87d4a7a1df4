"""The scenario file schema.

A scenario file is data written and edited by staff, so every rule a staff member
can break is checked here, with the field path in the error. The pydantic models
double as the JSON schema published by `yijianshi scenarios --schema`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from handlers.conditions import Condition, ConditionError, parse_condition

Slug = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]{1,47}$")]
Key = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")]

FieldType = Literal["text", "number", "date", "choice", "yesno", "phone", "id_card", "uscc", "address"]
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
    sla_days: Annotated[int, Field(ge=1, le=180)]
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

    @model_validator(mode="after")
    def _references_resolve(self) -> Scenario:
        _unique("items", [i.key for i in self.items])
        _unique("fields", [f.key for f in self.fields])
        _unique("materials", [m.key for m in self.materials])
        item_keys = {i.key for i in self.items}
        seen: set[str] = set()
        for question in self.fields:
            _known(f"fields.{question.key}.items", question.items, item_keys)
            _refers_to(f"fields.{question.key}.condition", question.compiled, seen)
            seen.add(question.key)
        for item in self.items:
            _refers_to(f"items.{item.key}.condition", item.compiled, seen)
        for material in self.materials:
            _known(f"materials.{material.key}.items", material.items, item_keys)
            _refers_to(f"materials.{material.key}.condition", material.compiled, seen)
        return self

    def item(self, key: str) -> Item:
        return next(i for i in self.items if i.key == key)

    def question(self, key: str) -> Question:
        return next(f for f in self.fields if f.key == key)

    def material(self, key: str) -> Material:
        return next(m for m in self.materials if m.key == key)


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


def _refers_to(where: str, condition: Condition | None, allowed: set[str]) -> None:
    if condition is None:
        return
    unknown = sorted(condition.names - allowed)
    if unknown:
        raise ValueError(f"{where}: refers to {unknown}, which are not fields asked before it")
