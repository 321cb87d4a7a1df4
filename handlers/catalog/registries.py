"""The schema of the two registries beside the scenarios.

items.yaml names each item's department everywhere, with its time limit and fee and where
those are written; departments.yaml names each department, how residents reach it, and where
a refusal can be appealed. Like the scenarios, they are edited by staff and checked field by field.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from handlers.catalog.schema import Slug, Strict, Text

# Defaults are factories here: ruff cannot see from this module that Strict is a pydantic model.


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
    aliases: list[str] = Field(default_factory=list)
    #: Scenarios where the item goes elsewhere, each with why.
    exceptions: dict[str, Routing] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _limit_or_why(self) -> ItemEntry:
        if self.limit is None and not self.unknown.strip():
            raise ValueError("an item without a limit says why in `unknown`")
        if self.limit is not None and self.unknown:
            raise ValueError("an item has either a limit or `unknown`, not both")
        return self


class ItemRegistry(Strict):
    items: dict[str, ItemEntry] = Field(default_factory=dict)


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
    commitments: dict[str, Commitment] = Field(default_factory=dict)

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
