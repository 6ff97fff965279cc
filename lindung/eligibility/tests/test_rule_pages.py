import datetime as dt

import pytest
from django.core.management import call_command

from lindung.audit.models import AuditEvent
from lindung.conftest import DESA_A, login, make_worker
from lindung.eligibility.models import EligibilityResult, EligibilityRule, RuleKind
from lindung.eligibility.services import eligibility_refresh
from lindung.workers.models import Status

pytestmark = pytest.mark.django_db


def age_rule():
    return EligibilityRule.objects.get(kind=RuleKind.AGE)


def age_form(**overrides):
    data = {
        "kind": "usia",
        "segment": "semua",
        "effective_from": "2023-01-01",
        "effective_to": "",
        "legal_basis": "Perbup Muba 54/2023",
        "active": "on",
        "min_age": "18",
        "max_age": "60",
        "basis": "nik_atau_kk",
    }
    data.update(overrides)
    return data


def test_the_list_works_for_admin_dinas(personas):
    body = login(personas["admin"]).get("/aturan/").content.decode()
    assert "Rentang usia" in body and "Perbup Muba 54/2023" in body


@pytest.mark.parametrize("role", ["desa", "kecamatan", "opd", "bpjs", "pimpinan"])
def test_only_admin_dinas_manages_rules(personas, role):
    client = login(personas[role])
    assert client.get("/aturan/").status_code == 403
    assert client.post(f"/aturan/{age_rule().pk}/", age_form()).status_code == 403
    assert age_rule().parameters["max"] == 65


def test_editing_a_rule_is_audited(personas, django_capture_on_commit_callbacks):
    rule = age_rule()
    with django_capture_on_commit_callbacks():
        response = login(personas["admin"]).post(f"/aturan/{rule.pk}/", age_form())
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.parameters == {"min": 18, "max": 60}
    event = AuditEvent.objects.get(action="eligibility.rule_update")
    assert event.changes["parameters"] == [{"min": 18, "max": 65}, {"min": 18, "max": 60}]
    assert event.actor == personas["admin"]


def test_bad_input_is_explained_and_nothing_changes(personas):
    rule = age_rule()
    response = login(personas["admin"]).post(
        f"/aturan/{rule.pk}/", age_form(min_age="70", effective_to="2020-01-01")
    )
    body = response.content.decode()
    assert "Usia paling tinggi harus lebih besar dari usia paling rendah." in body
    assert "Tanggal berakhir tidak boleh sebelum tanggal mulai berlaku." in body
    rule.refresh_from_db()
    assert rule.parameters["max"] == 65 and not AuditEvent.objects.exists()


def test_a_new_rule_and_ending_a_rule(personas):
    client = login(personas["admin"])
    client.post(
        "/aturan/baru/", age_form(kind="desil", max_desil="2", min_age="", max_age="", segment="rentan")
    )
    rule = EligibilityRule.objects.get(kind="desil", parameters={"max": 2})
    response = client.post(f"/aturan/{rule.pk}/akhiri/", {"effective_to": "2026-12-31"}, follow=True)
    assert "Aturan berakhir pada 31-12-2026" in response.content.decode()
    rule.refresh_from_db()
    assert rule.effective_to == dt.date(2026, 12, 31)
    assert AuditEvent.objects.filter(action="eligibility.rule_update", object_id=str(rule.pk)).exists()


def test_a_changed_rule_re_evaluates_pending_workers_through_the_db_worker(
    personas, django_capture_on_commit_callbacks, monkeypatch
):
    # The worker closes connections that are not in autocommit; inside the test's transaction that would
    # drop the test database connection on PostgreSQL. Everything else is the real worker path.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    # 62 years old: passes 18-65, fails 18-60.
    pending = make_worker(DESA_A, birth_date=dt.date(1964, 1, 1))
    approved = make_worker(DESA_A, birth_date=dt.date(1964, 1, 2), status=Status.DISETUJUI)
    for worker in (pending, approved):
        eligibility_refresh(worker=worker)
    assert EligibilityResult.objects.get(worker=pending, rule=age_rule()).passed
    with django_capture_on_commit_callbacks(execute=True):
        login(personas["admin"]).post(f"/aturan/{age_rule().pk}/", age_form())
    assert EligibilityResult.objects.get(worker=pending, rule=age_rule()).passed  # queued, not yet run
    call_command("db_worker", "--batch", "--no-startup-delay")
    result = EligibilityResult.objects.get(worker=pending, rule=age_rule())
    assert not result.passed and result.reason.startswith("Umur 62 tahun, di atas batas 60 tahun")
    assert EligibilityResult.objects.get(worker=approved, rule=age_rule()).passed  # approved: left alone


def test_the_worker_page_shows_every_rule_with_its_reason(personas):
    worker = make_worker(DESA_A, birth_date=dt.date(1950, 5, 5))
    body = login(personas["desa"]).get(f"/pekerja/{worker.pk}/").content.decode()
    assert "Kelayakan" in body
    assert "di atas batas 65 tahun" in body
    assert "Bukan ASN, TNI, atau Polri" in body
