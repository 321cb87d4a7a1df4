"""Models spell the defaults of the columns whose names the engine owns (models import no handlers):
each default is the value of the engine's enum member it stands for."""

from __future__ import annotations

from enum import StrEnum

import pytest
from tortoise.models import Model

from handlers.lifecycle import CaseStatus, ItemStatus
from handlers.ratings import Appeal
from handlers.request_lifecycle import RequestStatus
from handlers.visits import VisitStatus
from models.case import Case, CaseItem, CaseVisit
from models.ratings import Rating
from models.requests import Request


@pytest.mark.parametrize(
    ("model", "column", "member"),
    [
        (Case, "status", CaseStatus.SUBMITTED),
        (CaseItem, "status", ItemStatus.PENDING),
        (CaseVisit, "status", VisitStatus.UNSCHEDULED),
        (Request, "status", RequestStatus.OPEN),
        (Rating, "appeal", Appeal.NONE),
    ],
)
def test_a_models_default_is_the_value_of_the_engines_member(model: type[Model], column: str, member: StrEnum) -> None:
    default = model._meta.fields_map[column].default
    assert type(default) is str and default == member.value
