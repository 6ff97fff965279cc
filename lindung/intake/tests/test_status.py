import datetime as dt

import pytest
from django.core.cache import cache
from django.test import Client

from lindung.conftest import DESA_A, make_worker
from lindung.workers.models import Status
from lindung.workers.workflow import worker_transition

pytestmark = pytest.mark.django_db
NOT_FOUND = "Nomor tanda terima atau tanggal lahir tidak cocok."


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def applicant():
    return make_worker(DESA_A, receipt_no="LD-ACDE3467", birth_date=dt.date(1990, 3, 5), source="mandiri")


def check(receipt, birth):
    return Client().post("/status/", {"receipt_no": receipt, "birth_date": birth})


def test_receipt_and_birth_date_show_the_status(applicant):
    response = check("ld-acde 3467", "05-03-1990")  # as typed on a phone
    body = response.content.decode()
    assert "Diajukan" in body and "menunggu pemeriksaan" in body
    assert applicant.name not in body and applicant.nik not in body


def test_a_returned_application_shows_the_reason(applicant, personas):
    worker_transition(
        worker=applicant, to=Status.DIKEMBALIKAN, by=personas["desa"], note="Foto KK tidak terbaca"
    )
    body = check("LD-ACDE-3467", "1990-03-05").content.decode()
    assert "Dikembalikan" in body and "Foto KK tidak terbaca" in body


def test_a_rejected_application_shows_the_reason(applicant, personas):
    worker_transition(worker=applicant, to=Status.DITOLAK, by=personas["desa"], reason="asn", note="PNS guru")
    body = check("LD-ACDE3467", "1990-03-05").content.decode()
    assert "Ditolak" in body and "ASN, TNI, atau Polri. PNS guru" in body


def test_wrong_number_and_wrong_date_get_the_same_answer(applicant):
    wrong_number = check("LD-ACDE3468", "1990-03-05")
    wrong_date = check("LD-ACDE3467", "1990-03-06")
    assert wrong_number.status_code == wrong_date.status_code == 200
    assert NOT_FOUND in wrong_number.content.decode()
    # Everything above the form (which echoes what was typed) is the same.
    assert wrong_number.content.decode().split("<form")[0] == wrong_date.content.decode().split("<form")[0]
    assert "Diajukan" not in wrong_date.content.decode()


def test_a_bad_date_is_explained_beside_the_field(applicant):
    body = check("LD-ACDE3467", "kemarin").content.decode()
    assert "Masukkan tanggal yang valid" in body
    assert NOT_FOUND not in body


@pytest.mark.parametrize("typed", ["LD-ACDE-3467", "LD-ACDE3467", "ld acde 3467", "ACDE3467"])
def test_the_receipt_is_found_however_it_is_typed_and_shown_with_its_dash(applicant, typed):
    body = check(typed, "1990-03-05").content.decode()
    assert '<b class="font-monospace">LD-ACDE-3467</b>' in body


def test_a_member_sees_the_kpj_the_period_and_that_cover_starts_later(applicant):
    from lindung.conftest import MUBA
    from lindung.enrolment.batches import funding_source_default
    from lindung.enrolment.models import Membership

    applicant.status = Status.TERDAFTAR
    applicant.save(update_fields=["status"])
    next_year = dt.date.today().year + 1
    Membership.objects.create(
        worker=applicant,
        kpj="16010000001",
        funding_source=funding_source_default(MUBA),
        start=dt.date(next_year, 1, 1),
        end=dt.date(next_year, 12, 31),
    )
    body = check("LD-ACDE-3467", "1990-03-05").content.decode()
    assert "16010000001" in body
    assert f"1 Januari {next_year} – 31 Desember {next_year}" in body
    assert (
        f"Anda mulai terlindungi 1 Januari {next_year}. Sebelum tanggal itu Anda belum terlindungi." in body
    )
    accident = body[body.index('id="accident"') :]
    assert "Dalam 2 x 24 jam laporkan ke kepala desa/kelurahan atau Dinas" in accident
    assert "kantor cabang BPJS Ketenagakerjaan" in accident and "175" in accident


def test_a_bpjs_refusal_is_not_shown_as_an_approval(applicant, personas):
    applicant.status = Status.DIUSULKAN
    applicant.save(update_fields=["status"])
    worker_transition(
        worker=applicant, to=Status.DISETUJUI, by=personas["admin"], reason="ditolak_bpjs", note="NIK ganda"
    )
    body = check("LD-ACDE-3467", "1990-03-05").content.decode()
    assert "BPJS Ketenagakerjaan belum dapat mendaftarkan Anda; Anda belum terlindungi." in body
    assert '<span id="status-reason">NIK ganda</span>' in body and "ditolak_bpjs" not in body
    assert "Permohonan disetujui Dinas" not in body
