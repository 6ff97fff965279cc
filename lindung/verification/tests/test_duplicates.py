"""Likely duplicates where a person is committed to: field entry, the public form, approval; and the worker
page's approval going through the same checks as the queues."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from lindung.conftest import DESA_A, DESA_B, login, make_worker
from lindung.dedup.models import Decision, DuplicateCandidate
from lindung.dedup.services import duplicate_decide_different
from lindung.intake.tests.helpers import application
from lindung.lib.nik import make_nik
from lindung.verification.models import EligibilityOverride
from lindung.workers.models import Sex, Status, Worker
from lindung.workers.tests.test_worker_pages import form_data

pytestmark = pytest.mark.django_db
BIRTH = dt.date(1988, 7, 14)
NIK = make_nik("16.06.01", BIRTH, Sex.L, 23)


@pytest.fixture
def rizki(personas):
    return make_worker(
        DESA_A, nik=NIK, name="Muhammad Rizki", birth_date=BIRTH, sex=Sex.L, kk="1606010101200007"
    )


def _typo(nik: str) -> str:
    """The same NIK with its last two digits swapped (…23 → …32)."""
    return nik[:14] + nik[15] + nik[14]


def test_entry_shows_a_likely_duplicate_and_saves_only_when_confirmed(personas, rizki):
    client = login(personas["desa"])
    data = form_data(
        nik=_typo(NIK), name="M. Rizky", birth_date=BIRTH.isoformat(), sex="L", kk="1606010101200007"
    )
    page = client.post("/pekerja/baru/", data)
    body = page.content.decode()
    assert page.status_code == 200
    assert "Kemungkinan sudah terdata" in body and "Muhammad Rizki" in body
    assert Worker.objects.count() == 1  # nothing saved yet

    saved = client.post("/pekerja/baru/", {**data, "confirm_duplicates": "1"})
    assert saved.status_code == 302
    new = Worker.objects.get(nik=_typo(NIK))
    pair = DuplicateCandidate.objects.get()
    assert {pair.worker_a_id, pair.worker_b_id} == {rizki.pk, new.pk}
    assert pair.decision == Decision.PENDING


def test_entry_of_a_different_person_is_not_interrupted(personas, rizki):
    data = form_data(nik=make_nik("16.06.01", dt.date(1975, 2, 3), Sex.P, 5), name="Siti Rohani",
                     birth_date="1975-02-03", sex="P", kk="")  # fmt: skip
    assert login(personas["desa"]).post("/pekerja/baru/", data).status_code == 302
    assert not DuplicateCandidate.objects.exists()


def test_a_public_application_keeps_its_likely_duplicate_for_review_without_showing_it(rizki):
    body = (
        Client()
        .post(
            "/daftar/",
            application(nik=_typo(NIK), name="Mochammad Rizki", birth_date=BIRTH.isoformat(), sex="L"),
        )
        .content.decode()
    )
    assert "Muhammad Rizki" not in body  # the applicant never sees another person
    new = Worker.objects.get(nik=_typo(NIK))
    assert DuplicateCandidate.objects.filter(worker_b=new, worker_a=rizki).exists() or (
        DuplicateCandidate.objects.filter(worker_a=new, worker_b=rizki).exists()
    )


def test_approval_waits_for_an_undecided_pair_then_goes_through(personas, rizki):
    twin = make_worker(DESA_B, nik=_typo(NIK), name="Muhamad Rizki", birth_date=BIRTH, sex=Sex.L,
                       status=Status.DIVERIFIKASI)  # fmt: skip
    client = login(personas["admin"])
    body = client.get(f"/pekerja/{twin.pk}/").content.decode()
    assert "Kemungkinan data ganda" not in body  # not looked for yet: approval looks again
    page = client.post(
        f"/pekerja/{twin.pk}/status/", {"to": "disetujui", "version": twin.version}, follow=True
    )
    assert "kemungkinan data ganda yang belum diputuskan (Muhammad Rizki)" in page.content.decode()
    twin.refresh_from_db()
    assert twin.status == Status.DIVERIFIKASI
    assert "Kemungkinan data ganda" in client.get(f"/pekerja/{twin.pk}/").content.decode()

    duplicate_decide_different(candidate=DuplicateCandidate.objects.get(), by=personas["admin"])
    client.post(f"/pekerja/{twin.pk}/status/", {"to": "disetujui", "version": twin.version})
    twin.refresh_from_db()
    assert twin.status == Status.DISETUJUI


def test_approval_on_the_worker_page_checks_eligibility_and_records_an_override(personas):
    old = make_worker(DESA_A, name="Sulaiman Tua", birth_date=dt.date(1950, 1, 9), sex=Sex.L,
                      status=Status.DIVERIFIKASI)  # fmt: skip
    client = login(personas["admin"])
    assert "Alasan pengecualian" in client.get(f"/pekerja/{old.pk}/").content.decode()
    page = client.post(f"/pekerja/{old.pk}/status/", {"to": "disetujui", "version": old.version}, follow=True)
    assert "Tidak memenuhi syarat" in page.content.decode()
    old.refresh_from_db()
    assert old.status == Status.DIVERIFIKASI and not EligibilityOverride.objects.exists()

    client.post(
        f"/pekerja/{old.pk}/status/",
        {"to": "disetujui", "version": old.version, "override_note": "Masih bekerja; keputusan kepala dinas"},
    )
    old.refresh_from_db()
    assert old.status == Status.DISETUJUI
    assert EligibilityOverride.objects.get(worker=old).note == "Masih bekerja; keputusan kepala dinas"
