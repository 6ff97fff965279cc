"""What each role may do, as one table: every page, file and API endpoint asks for a capability, never a role.

The table is the access matrix of docs/security.md (a test keeps the two equal). A capability that shows any
person's data is in PERSONAL; every role holding one must confirm a second factor after the password.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from .models import Role


class Capability(StrEnum):
    FIGURES = "figures"  # dashboard, chart files, periodic reports, counts: aggregates of the area
    REPORTS = (
        "reports"  # the periodic reports to the province and Kemenko PMK (Paritrana, semester): aggregates
    )
    FINANCE = (
        "finance"  # premium totals, bills per funding source, budget, payments, invoice totals, renewal runs
    )
    PEOPLE = (
        "people"  # worker list and pages, the audited full NIK, worker lists as files, application status
    )
    ENTER = "enter"  # enter and correct workers, data-subject requests
    VERIFY = "verify"  # the verification queues
    DUPLICATES = "duplicates"  # duplicate review
    IMPORT = "import"  # imports and their error reports
    SWEEP = "sweep"  # sweep lists (daftar sisir) with address and phone
    MEMBERSHIPS = "memberships"  # memberships (name, KPJ), the membership letter, the claims register
    BATCHES = (
        "batches"  # enrolment batches and BPJS results with full NIKs, KPJ-level bills, arrears, claims paid
    )
    ADMINISTER = (
        "administer"  # users, rules, master data, tokens, notices, audit trail, batch and bill making
    )


# Capabilities that show at least one person's data (a name, a NIK, an address, a KPJ).
PERSONAL = frozenset(
    {
        Capability.PEOPLE,
        Capability.ENTER,
        Capability.VERIFY,
        Capability.DUPLICATES,
        Capability.IMPORT,
        Capability.SWEEP,
        Capability.MEMBERSHIPS,
        Capability.BATCHES,
        Capability.ADMINISTER,
    }
)

_OPERATOR = {
    Capability.FIGURES,
    Capability.PEOPLE,
    Capability.ENTER,
    Capability.VERIFY,
    Capability.IMPORT,
    Capability.MEMBERSHIPS,
}

ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.ADMIN_DINAS: frozenset(Capability),
    Role.OPERATOR_KECAMATAN: frozenset(_OPERATOR | {Capability.DUPLICATES, Capability.SWEEP}),
    Role.OPERATOR_DESA: frozenset(_OPERATOR | {Capability.DUPLICATES, Capability.SWEEP}),
    # An OPD's non-ASN staff live all over the kabupaten: no desa sweep lists, no cross-area duplicate review.
    Role.OPERATOR_OPD: frozenset(_OPERATOR),
    # The branch registers by NIK: batches and results in full, the memberships it keeps; no registry pages.
    Role.PETUGAS_BPJS: frozenset(
        {Capability.FIGURES, Capability.FINANCE, Capability.MEMBERSHIPS, Capability.BATCHES}
    ),
    # Leadership decides on numbers: aggregates and documents of its area, never a personal row.
    Role.PIMPINAN: frozenset({Capability.FIGURES, Capability.REPORTS, Capability.FINANCE}),
    # The province sees the aggregates of its kabupaten/kota: dashboard and reports, no row about a person.
    Role.PEMANTAU_PROVINSI: frozenset({Capability.FIGURES, Capability.REPORTS}),
}


def capabilities_of(user: Any) -> frozenset[Capability]:
    """A superuser can do everything; a staff account without a role or an area nothing."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", True):
        return frozenset()
    if getattr(user, "is_superuser", False):
        return frozenset(Capability)
    if not user.role or not user.area_id:
        return frozenset()
    return ROLE_CAPABILITIES.get(user.role, frozenset())


def has_capability(user: Any, capability: Capability) -> bool:
    return capability in capabilities_of(user)


def roles_with(capability: Capability) -> list[str]:
    return [role for role, held in ROLE_CAPABILITIES.items() if capability in held]


def role_sees_people(role: str) -> bool:
    return bool(ROLE_CAPABILITIES.get(role, frozenset()) & PERSONAL)
