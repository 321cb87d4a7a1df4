"""What each staff role reaches, checked on the server before every listing and action.

- clerk: their department's queue, the cases with an item of it, and decisions on its items;
- lead: a clerk who also sees whole cases of the scenarios their department leads;
- head: their department as a lead (where it leads), plus assignment and statistics;
- supervisor: every department's queues and cases (read), escalations, 好差评 follow-ups and
  reviews of disputed ratings, statistics of all; decides no department's items;
- admin: accounts, departments, configuration; reads every queue (to check the desk) and
  statistics, decides no items.

A member switched off (``active`` false) reaches nothing. Decisions on items keep going through
``StaffMember.may_act_for`` (casework/decisions.py), which these checks agree with.
"""

from __future__ import annotations

from collections.abc import Iterable

from handlers.catalog import Catalog
from models.case import Case, CaseItem
from models.staff import DEPARTMENT_ROLES, Role, StaffMember

#: Roles that read every department's queue and case.
EVERYWHERE = frozenset({Role.SUPERVISOR, Role.ADMIN})
#: Roles that see whole cases of the scenarios their department leads.
LEADING = frozenset({Role.LEAD, Role.HEAD})


def _own(member: StaffMember, department: str) -> bool:
    return member.role in DEPARTMENT_ROLES and member.department == department


def may_list(member: StaffMember, department: str) -> bool:
    """The department's queue (cards, worklist, notices)."""
    return member.active and (member.role in EVERYWHERE or _own(member, department))


def may_decide(member: StaffMember, department: str) -> bool:
    """Accept, ask for supplements, approve, reject an item of the department."""
    return member.may_act_for(department)


def may_assign(member: StaffMember, department: str) -> bool:
    """Assign or reassign the department's cases and items to its members."""
    return member.active and member.role == Role.HEAD and member.department == department


def may_see_stats(member: StaffMember, department: str | None = None) -> bool:
    """Statistics of one department, or of the whole district (``None``)."""
    if not member.active:
        return False
    if member.role in EVERYWHERE:
        return True
    return department is not None and member.role == Role.HEAD and member.department == department


def may_supervise(member: StaffMember) -> bool:
    """Escalations, 好差评 follow-ups and reviews of disputed ratings across departments."""
    return member.active and member.role == Role.SUPERVISOR


def may_manage(member: StaffMember) -> bool:
    """Accounts, departments, configuration."""
    return member.active and member.role == Role.ADMIN


def leads(member: StaffMember, catalog: Catalog, scenario_id: str) -> bool:
    """Whether the member sees whole cases of this scenario as (head of) its lead department."""
    scenario = catalog.get(scenario_id)
    return (
        member.active
        and member.role in LEADING
        and scenario is not None
        and member.department in scenario.lead_departments
    )


def may_see_case_of(member: StaffMember, catalog: Catalog, scenario_id: str, departments: Iterable[str]) -> bool:
    """A case of this scenario with items of these departments: everything the desk shows about it."""
    if not member.active:
        return False
    if member.role in EVERYWHERE or leads(member, catalog, scenario_id):
        return True
    return any(_own(member, d) for d in departments)


async def may_see_case(member: StaffMember, case: Case, catalog: Catalog) -> bool:
    """The case page, its documents and timeline (a refusal should look like no such case)."""
    if not member.active:
        return False
    departments = await CaseItem.filter(case_id=case.id).distinct().values_list("department", flat=True)
    return may_see_case_of(member, catalog, case.scenario_id, (str(d) for d in departments))


def departments_of(member: StaffMember, catalog: Catalog) -> list[str]:
    """The departments whose queues the member may list, in the catalog's order (used departments only)."""
    used = sorted({i.department for s in catalog for i in s.items} | {d for s in catalog for d in s.lead_departments})
    return [d for d in used if may_list(member, d)]


def led_scenarios(member: StaffMember, catalog: Catalog) -> list[str]:
    """The scenarios whose whole cases the member sees as (head of) their lead department."""
    return [s.id for s in catalog if leads(member, catalog, s.id)]
