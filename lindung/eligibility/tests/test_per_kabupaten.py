"""A province deployment serves each kabupaten/kota its own rules: its own row wins over the default of the
same kind, another kabupaten's row never applies, and Admin Dinas sees and edits only its own and the default."""

import datetime as dt

import pytest

from lindung.conftest import BANYUASIN, DESA_A, DESA_OUTSIDE, MUBA, login, make_worker
from lindung.eligibility.models import EligibilityRule, RuleKind
from lindung.eligibility.rules import evaluate, rules_in_force
from lindung.enrolment.batches import layout_for
from lindung.enrolment.models import ExportLayout

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 1)


def _age_rule(kabupaten: str | None, high: int) -> EligibilityRule:
    return EligibilityRule.objects.create(
        kind=RuleKind.AGE,
        parameters={"min": 18, "max": high},
        effective_from=dt.date(2020, 1, 1),
        legal_basis=f"Perbup {kabupaten or 'bawaan'}",
        kabupaten_id=kabupaten,
    )


def test_a_kabupatens_own_rule_replaces_the_default_of_its_kind_there_only():
    own = _age_rule(BANYUASIN, 70)
    default_age = [r for r in rules_in_force(TODAY) if r.kind == RuleKind.AGE]
    assert default_age and own not in default_age
    muba_age = [r for r in rules_in_force(TODAY, MUBA) if r.kind == RuleKind.AGE]
    assert muba_age == default_age
    assert [r for r in rules_in_force(TODAY, BANYUASIN) if r.kind == RuleKind.AGE] == [own]
    # Other kinds keep the default in Banyuasin.
    assert {r.kind for r in rules_in_force(TODAY, BANYUASIN)} == {r.kind for r in rules_in_force(TODAY, MUBA)}
    # A 68-year-old: refused by the default 18–65 in Musi Banyuasin, accepted by Banyuasin's 18–70.
    born = dt.date(1958, 1, 1)
    muba = make_worker(DESA_A, birth_date=born)
    banyuasin = make_worker(DESA_OUTSIDE, birth_date=born)
    assert not next(r for r in evaluate(muba, on=TODAY) if r.rule.kind == RuleKind.AGE).passed
    assert next(r for r in evaluate(banyuasin, on=TODAY) if r.rule.kind == RuleKind.AGE).passed


def test_admin_dinas_sees_and_edits_its_own_and_the_default_rules_only(personas):
    theirs = _age_rule(BANYUASIN, 70)
    client = login(personas["admin"])
    assert "Perbup 16.07" not in client.get("/aturan/").content.decode()
    assert client.get(f"/aturan/{theirs.pk}/").status_code == 404
    assert login(personas["admin_lain"]).get(f"/aturan/{theirs.pk}/").status_code == 200
    # Admin Dinas may not write a rule for another kabupaten: the choice is refused, nothing is saved.
    response = client.post(
        "/aturan/baru/",
        {
            "kind": RuleKind.AGE,
            "segment": "semua",
            "effective_from": "2026-01-01",
            "legal_basis": "Perbup Muba",
            "active": "on",
            "min_age": "18",
            "max_age": "60",
            "own_kabupaten": BANYUASIN,
        },
    )
    assert response.status_code == 200
    assert not EligibilityRule.objects.filter(legal_basis="Perbup Muba").exists()


def test_a_kabupatens_default_layout_wins_over_the_deployments():
    shared = ExportLayout.objects.get(is_default=True)
    own = ExportLayout.objects.create(
        name="Cabang Pangkalan Balai", columns=[["NIK", "nik"]], is_default=True, kabupaten_id=BANYUASIN
    )
    assert layout_for(BANYUASIN) == own
    assert layout_for(MUBA) == shared
