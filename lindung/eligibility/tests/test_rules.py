import datetime as dt

import pytest

from lindung.conftest import DESA_A, make_worker
from lindung.eligibility.models import EligibilityRule, RuleKind, WorkerDeclaration
from lindung.eligibility.rules import evaluate, first_failure
from lindung.lib.nik import make_nik
from lindung.workers.models import Occupation, Segment

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 11, 25)


def results(worker, on=ON):
    return {r.rule.kind: r for r in evaluate(worker, on=on)}


def test_the_seeded_rules_carry_their_legal_basis():
    rules = {r.kind: r for r in EligibilityRule.objects.all()}
    assert set(rules) == {"usia", "domisili", "bukan_asn", "bukan_peserta", "desil"}
    assert rules["usia"].parameters == {"min": 18, "max": 65}
    assert all("Perbup Muba 54/2023" in r.legal_basis for r in rules.values())
    assert not rules["desil"].active  # optional until a program targets by desil


def test_an_ordinary_worker_passes_every_rule():
    worker = make_worker(DESA_A, birth_date=dt.date(1990, 3, 5))
    found = results(worker)
    assert set(found) == {"usia", "domisili", "bukan_asn", "bukan_peserta"}
    assert all(r.passed for r in found.values())
    assert (
        found["usia"].reason
        == "Umur 36 tahun, dalam batas 18–65 tahun (Perbup Muba 54/2023; batas usia ditetapkan kabupaten)."
    )


def test_too_old_and_too_young_are_explained():
    old = make_worker(DESA_A, birth_date=dt.date(1959, 1, 10))
    young = make_worker(DESA_A, birth_date=dt.date(2009, 12, 1))
    assert results(old)["usia"].reason.startswith(
        "Umur 67 tahun, di atas batas 65 tahun (Perbup Muba 54/2023"
    )
    assert results(young)["usia"].reason.startswith("Umur 16 tahun, di bawah batas 18 tahun")
    assert not results(old)["usia"].passed and not results(young)["usia"].passed


def test_age_counts_the_birthday_exactly():
    worker = make_worker(DESA_A, birth_date=dt.date(1960, 11, 26))
    assert results(worker, on=dt.date(2025, 11, 25))["usia"].passed  # 64
    assert results(worker, on=dt.date(2026, 11, 25))["usia"].passed  # 65 the day before turning 66
    assert not results(worker, on=dt.date(2026, 11, 26))["usia"].passed  # 66


def test_domicile_by_nik_or_by_the_kk_of_a_family_that_moved_in():
    birth = dt.date(1988, 7, 1)
    moved = make_worker(
        DESA_A, nik=make_nik("16.07.01", birth, "P", 7), birth_date=birth, kk="1606011234560001"
    )
    outsider = make_worker(
        DESA_A, nik=make_nik("16.07.01", birth, "P", 8), birth_date=birth, kk="1607011234560001"
    )
    assert results(moved)["domisili"].passed
    assert (
        "NIK dari Kabupaten Banyuasin, tetapi KK diterbitkan di Kabupaten Musi Banyuasin"
        in results(moved)["domisili"].reason
    )
    found = results(outsider)["domisili"]
    assert not found.passed and found.reason.startswith(
        "NIK dan nomor KK tidak berasal dari Kabupaten Musi Banyuasin"
    )


def test_asn_by_declaration_or_by_occupation():
    declared = make_worker(DESA_A)
    WorkerDeclaration.objects.create(worker=declared, is_asn=True)
    assert results(declared)["bukan_asn"].reason.startswith("Menyatakan diri ASN")
    soldier = Occupation.objects.create(code="tni", name="Anggota TNI")
    rule = EligibilityRule.objects.get(kind=RuleKind.NOT_ASN)
    rule.parameters = {"occupations": ["tni"]}
    rule.save()
    worker = make_worker(DESA_A, occupation=soldier)
    found = results(worker)["bukan_asn"]
    assert not found.passed and "Anggota TNI" in found.reason


def test_an_active_participant_fails():
    worker = make_worker(DESA_A)
    WorkerDeclaration.objects.create(worker=worker, bpjs_active=True)
    found = first_failure(evaluate(worker, on=ON))
    assert found is not None and found.reason.startswith("Sudah menjadi peserta aktif BPJS Ketenagakerjaan")


def test_segment_filter_and_effective_dates():
    rule = EligibilityRule.objects.get(kind=RuleKind.DESIL)
    rule.active = True
    rule.save()
    rentan = make_worker(DESA_A, desil=5)
    honorer = make_worker(DESA_A, desil=5, segment=Segment.NON_ASN)
    assert results(rentan)["desil"].reason.startswith("Desil P3KE 5, di atas batas desil 3")
    assert "desil" not in results(honorer)  # the desil rule is for pekerja rentan only
    rule.effective_to = dt.date(2026, 6, 30)
    rule.save()
    assert "desil" not in results(rentan)
    assert "desil" in results(rentan, on=dt.date(2026, 6, 30))
