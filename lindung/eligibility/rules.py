"""Evaluate a worker against the rules in force on a date. No writes here: see services.py for storing.

Every reason is one sentence a village operator understands, ending with the rule's legal basis.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.regions.models import Region
from lindung.workers.models import Worker

from .models import DomicileBasis, EligibilityRule, RuleKind, SegmentFilter, WorkerDeclaration


@dataclass(frozen=True)
class RuleResult:
    rule: EligibilityRule
    passed: bool
    reason: str


def rules_in_force(on: dt.date, kabupaten: str | None = None) -> list[EligibilityRule]:
    """The rules in force on `on` for workers of `kabupaten` (a code): the deployment's rules, except that a
    kind the kabupaten has rules of its own for is decided by those alone. Without a kabupaten, the
    deployment's rules only."""
    where = Q(kabupaten__isnull=True) | Q(kabupaten_id=kabupaten) if kabupaten else Q(kabupaten__isnull=True)
    rules = list(
        EligibilityRule.objects.filter(where, active=True, effective_from__lte=on)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
        .order_by("kind", "id")
    )
    own = {rule.kind for rule in rules if rule.kabupaten_id}
    return [rule for rule in rules if rule.kabupaten_id or rule.kind not in own]


def applies(rule: EligibilityRule, worker: Worker) -> bool:
    return rule.segment == SegmentFilter.ALL or rule.segment == worker.segment


def age_on(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _basis(rule: EligibilityRule) -> str:
    return f" ({rule.legal_basis})" if rule.legal_basis else ""


def _age(rule: EligibilityRule, worker: Worker, on: dt.date) -> tuple[bool, str]:
    low, high = int(rule.parameters.get("min", 18)), int(rule.parameters.get("max", 65))
    age = age_on(worker.birth_date, on)
    if age < low:
        return False, _("Umur %(age)s tahun, di bawah batas %(low)s tahun") % {"age": age, "low": low}
    if age > high:
        return False, _("Umur %(age)s tahun, di atas batas %(high)s tahun") % {"age": age, "high": high}
    return True, _("Umur %(age)s tahun, dalam batas %(low)s–%(high)s tahun") % {
        "age": age,
        "low": low,
        "high": high,
    }


_NAMES: dict[str, str] = {}


def _kabupaten_names() -> dict[str, str]:
    """Kabupaten names rarely change; one query per process (an empty table is not remembered)."""
    if not _NAMES:
        for code, name in Region.objects.filter(level=Region.Level.KABUPATEN).values_list("code", "name"):
            _NAMES[code] = name.title() if name.isupper() else name
    return _NAMES


def _region_name(code: str, names: dict[str, str]) -> str:
    return names.get(code) or code


def _domicile(rule: EligibilityRule, worker: Worker, on: dt.date) -> tuple[bool, str]:
    # An empty kabupaten means "the kabupaten where the worker is recorded", so one rule serves a
    # deployment that covers several kabupaten.
    kabupaten = str(rule.parameters.get("kabupaten") or worker.kabupaten_id)
    basis = rule.parameters.get("basis", DomicileBasis.NIK_OR_KK)
    nik_kab = f"{worker.nik[:2]}.{worker.nik[2:4]}"
    kk_kab = f"{worker.kk[:2]}.{worker.kk[2:4]}" if len(worker.kk) == 16 else ""
    names = _kabupaten_names()
    here = _region_name(kabupaten, names)
    if basis == DomicileBasis.DESA:
        if str(worker.kabupaten_id) == kabupaten:
            return True, _("Tinggal di desa %(desa)s, %(kab)s") % {"desa": worker.desa.name, "kab": here}
        return False, _("Desa tempat tinggal tidak berada di %(kab)s") % {"kab": here}
    if nik_kab == kabupaten:
        return True, _("NIK terdaftar di %(kab)s") % {"kab": here}
    if basis == DomicileBasis.NIK_OR_KK and kk_kab == kabupaten:
        return True, _("NIK dari %(other)s, tetapi KK diterbitkan di %(kab)s") % {
            "other": _region_name(nik_kab, names),
            "kab": here,
        }
    if basis == DomicileBasis.NIK_OR_KK:
        return False, _("NIK dan nomor KK tidak berasal dari %(kab)s") % {"kab": here}
    return False, _("NIK terdaftar di %(other)s, bukan %(kab)s") % {
        "other": _region_name(nik_kab, names),
        "kab": here,
    }


def _declaration(worker: Worker) -> WorkerDeclaration | None:
    try:
        return worker.declaration
    except WorkerDeclaration.DoesNotExist:
        return None


def _not_asn(rule: EligibilityRule, worker: Worker, on: dt.date) -> tuple[bool, str]:
    declaration = _declaration(worker)
    if declaration is not None and declaration.is_asn:
        return False, _("Menyatakan diri ASN, anggota TNI, atau Polri")
    codes = set(rule.parameters.get("occupations", []))
    if worker.occupation_id and worker.occupation is not None and worker.occupation.code in codes:
        return False, _("Pekerjaan %(occupation)s termasuk ASN, TNI, atau Polri") % {
            "occupation": worker.occupation.name
        }
    return True, _("Bukan ASN, TNI, atau Polri")


def active_participant(worker: Worker) -> bool:
    """Participation outside this program, as the worker declared it (public form or field entry).

    Memberships paid through Lindung are not this rule's business: a renewal re-checks members who are active by
    definition, and a batch refuses a worker who already has a membership when it is sealed
    (enrolment.batches.enrolment_recheck); a BPJS rejection in the result file shows the rest.
    """
    declaration = _declaration(worker)
    return bool(declaration and declaration.bpjs_active)


def _not_participant(rule: EligibilityRule, worker: Worker, on: dt.date) -> tuple[bool, str]:
    if active_participant(worker):
        return False, _("Sudah menjadi peserta aktif BPJS Ketenagakerjaan")
    return True, _("Belum tercatat sebagai peserta aktif BPJS Ketenagakerjaan")


def _desil(rule: EligibilityRule, worker: Worker, on: dt.date) -> tuple[bool, str]:
    high = int(rule.parameters.get("max", 3))
    if worker.desil is None:
        if rule.parameters.get("required"):
            return False, _("Tidak ada data desil P3KE, padahal wajib")
        return True, _("Tidak ada data desil P3KE; aturan desil tidak dipakai")
    if worker.desil > high:
        return False, _("Desil P3KE %(desil)s, di atas batas desil %(high)s") % {
            "desil": worker.desil,
            "high": high,
        }
    return True, _("Desil P3KE %(desil)s, paling tinggi desil %(high)s") % {
        "desil": worker.desil,
        "high": high,
    }


CHECKS: dict[str, Callable[[EligibilityRule, Worker, dt.date], tuple[bool, str]]] = {
    RuleKind.AGE: _age,
    RuleKind.DOMICILE: _domicile,
    RuleKind.NOT_ASN: _not_asn,
    RuleKind.NOT_PARTICIPANT: _not_participant,
    RuleKind.DESIL: _desil,
}


def evaluate(
    worker: Worker, *, on: dt.date | None = None, rules: Iterable[EligibilityRule] | None = None
) -> list[RuleResult]:
    """Every rule in force on `on` (default today) that applies to the worker's segment, with a reason."""
    on = on or timezone.localdate()
    results = []
    for rule in rules_in_force(on, worker.kabupaten_id) if rules is None else rules:
        if not applies(rule, worker):
            continue
        passed, reason = CHECKS[rule.kind](rule, worker, on)
        results.append(RuleResult(rule, passed, reason + _basis(rule) + "."))
    return results


def first_failure(results: Iterable[RuleResult]) -> RuleResult | None:
    return next((r for r in results if not r.passed), None)
