"""Policy interpretations: documents split into titled passages, each citing its section.

The passages are our own summaries of the district's published interpretations, kept
as data beside the scenarios (one YAML file per document) so staff can correct them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Annotated

from pydantic import Field, model_validator

from handlers.catalog.loader import CatalogError, parse_file, read_yaml
from handlers.catalog.schema import Slug, Strict, Text

#: Short enough for a Telegram button ("*|pol:" + id within 64 bytes).
PassageId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]{1,23}\.[a-z0-9][a-z0-9-]{0,31}$")]


class Passage(Strict):
    id: PassageId
    #: The section as the source numbers it, e.g. "三、2" or "问3".
    section: Annotated[str, Field(min_length=1)]
    title: Text
    answer: Text
    #: Words people type for this topic, in either language.
    keywords: list[str] = Field(default_factory=list)
    #: Scenarios a reader of this passage may want to start.
    scenarios: list[Slug] = Field(default_factory=list)


class Document(Strict):
    id: Slug
    title: Text
    issuer: Text
    issued: dt.date | None = None
    reference: str | None = None
    passages: Annotated[list[Passage], Field(min_length=1)]

    @model_validator(mode="after")
    def _ids_belong(self) -> Document:
        seen: set[str] = set()
        for n, passage in enumerate(self.passages):
            if not passage.id.startswith(self.id + "."):
                raise ValueError(f"passages.{n}.id: {passage.id!r} must start with {self.id + '.'!r}")
            if passage.id in seen:
                raise ValueError(f"passages.{n}.id: {passage.id!r} is used twice")
            seen.add(passage.id)
        return self


@dataclass(frozen=True)
class PolicyPassage:
    """A passage with the document it belongs to, which is what a reply cites."""

    passage: Passage
    document: Document

    @property
    def id(self) -> str:
        return self.passage.id

    def cite(self, locale: str) -> str:
        title = self.document.title.get(locale)
        return f"{title}, {self.passage.section}" if locale == "en" else f"《{title}》{self.passage.section}"


def shipped_policies() -> Path:
    return Path(str(resources.files("handlers") / "policies"))


def load_policies(directory: Path | str | None = None, scenario_ids: set[str] | None = None) -> list[PolicyPassage]:
    root = Path(directory) if directory else shipped_policies()
    found: list[PolicyPassage] = []
    ids: set[str] = set()
    for path in sorted(root.glob("*.yaml")):
        document: Document = parse_file(path, Document, read_yaml(path))
        if document.id in ids:
            raise CatalogError(path, "id", f"{document.id!r} is used by another file too")
        ids.add(document.id)
        for n, passage in enumerate(document.passages):
            unknown = [s for s in passage.scenarios if scenario_ids is not None and s not in scenario_ids]
            if unknown:
                raise CatalogError(path, f"passages.{n}.scenarios", f"unknown scenario {unknown[0]!r}")
            found.append(PolicyPassage(passage, document))
    return found
