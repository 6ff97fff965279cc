"""One test per event a worker is told about: the text follows the event, with the receipt, KPJ and dates.

The enrolment events go through the code that causes them (a BPJS result file applied, a membership ended,
deactivated, reactivated), not through the notices functions directly.
"""

import datetime as dt
import io

import pytest
import xlsxwriter

from lindung.conftest import DESA_A, MUBA, make_worker
from lindung.core.models import Office
from lindung.enrolment.batches import batch_create, batch_seal, funding_source_default
from lindung.enrolment.memberships import membership_deactivate, membership_end, membership_reactivate
from lindung.enrolment.models import Membership
from lindung.enrolment.results import result_upload_apply, result_upload_create
from lindung.notices.models import Notice
from lindung.workers.models import Source, Status
from lindung.workers.workflow import worker_transition

pytestmark = pytest.mark.django_db


def applicant(**fields):
    fields.setdefault("source", Source.MANDIRI)
    fields.setdefault("receipt_no", "LD-ACDE3467")
    fields.setdefault("name", "Siti Aminah")
    return make_worker(DESA_A, **fields)


def body(worker, template):
    return Notice.objects.get(worker=worker, template=template, channel="whatsapp").body


@pytest.fixture
def office(db):
    return Office.objects.create(
        kabupaten_id=MUBA,
        government="Pemerintah Kabupaten Musi Banyuasin",
        name="Dinas Tenaga Kerja Kab. Musi Banyuasin",
        phone="0714-321000",
        whatsapp="0812-7000-1606",
        city="Sekayu",
    )


def test_returned_for_correction_says_why_with_the_receipt_as_shown_on_screen(personas):
    worker = applicant()
    worker_transition(worker=worker, to=Status.DIKEMBALIKAN, by=personas["desa"], note="Foto KTP buram")
    assert body(worker, "application_returned") == (
        "Halo Siti Aminah, pengajuan Anda (nomor LD-ACDE-3467) dikembalikan untuk diperbaiki. "
        "Alasan: Foto KTP buram. Silakan datang ke kantor desa/kelurahan dengan KTP dan Kartu Keluarga "
        "untuk memperbaiki data."
    )


def test_a_worker_entered_by_an_operator_gets_no_receipt_placeholder(personas):
    worker = make_worker(DESA_A, name="Budi", source=Source.PETUGAS)
    worker_transition(worker=worker, to=Status.DIKEMBALIKAN, by=personas["desa"], note="KK belum ada")
    text = body(worker, "application_returned")
    assert text.startswith("Halo Budi, pengajuan Anda dikembalikan untuk diperbaiki. Alasan: KK belum ada.")
    assert "nomor" not in text and "-" not in text.split("Alasan")[0]


def test_rejected_by_the_dinas_gives_the_listed_reason_and_the_contact(personas, office):
    worker = applicant()
    worker_transition(worker=worker, to=Status.DITOLAK, by=personas["desa"], reason="asn", note="NIP 1985")
    text = body(worker, "application_rejected")
    assert text.startswith(
        "Halo Siti Aminah, mohon maaf, pengajuan Anda (nomor LD-ACDE-3467) tidak disetujui Dinas."
    )
    assert "Alasan: ASN, TNI, atau Polri. NIP 1985." in text
    assert "Dinas Tenaga Kerja Kab. Musi Banyuasin, telp. 0714-321000, WA 0812-7000-1606" in text
    assert "selamat" not in text.lower()


def test_approved_by_the_dinas_says_not_yet_covered(personas):
    worker = applicant(status=Status.DIVERIFIKASI)
    worker_transition(worker=worker, to=Status.DISETUJUI, by=personas["admin"])
    text = body(worker, "application_approved")
    assert text.startswith("Halo Siti Aminah, pengajuan Anda (nomor LD-ACDE-3467) disetujui Dinas.")
    assert "Anda belum terlindungi sampai BPJS Ketenagakerjaan menerbitkan nomor KPJ" in text


def result_file(rows):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    for r, row in enumerate(
        [["NIK", "Nama Peserta", "No KPJ", "Status", "Keterangan", "Tgl Efektif"], *rows]
    ):
        for c, value in enumerate(row):
            sheet.write_string(r, c, value)
    book.close()
    return buffer.getvalue()


@pytest.fixture
def bpjs_answered(personas, settings, tmp_path):
    """Two approved applicants in a sealed batch starting 1 January 2027; BPJS accepts one, refuses one."""
    settings.MEDIA_ROOT = tmp_path / "media"
    accepted = applicant(status=Status.DISETUJUI)
    refused = applicant(status=Status.DISETUJUI, name="Rina", receipt_no="LD-MNPQ4679")
    source = funding_source_default(MUBA)
    batch = batch_create(
        user=personas["admin"], funding_source=source, coverage_start=dt.date(2027, 1, 1), filters={}
    )
    batch_seal(batch=batch, by=personas["admin"])
    content = result_file(
        [
            [accepted.nik, accepted.name, "16010000001", "Diterima", "", "01/01/2027"],
            [refused.nik, refused.name, "", "Ditolak", "NIK tidak terdaftar di Dukcapil", ""],
        ]
    )
    upload = result_upload_create(batch=batch, name="hasil.xlsx", content=content, by=personas["admin"])
    result_upload_apply(upload=upload, by=personas["admin"])
    return accepted, refused


def test_rejected_by_bpjs_is_not_an_approval(bpjs_answered):
    _accepted, refused = bpjs_answered
    assert not Notice.objects.filter(worker=refused, template="application_approved").exists()
    text = body(refused, "bpjs_rejected")
    assert text.startswith(
        "Halo Rina, mohon maaf, BPJS Ketenagakerjaan belum dapat mendaftarkan Anda (nomor pengajuan "
        "LD-MNPQ-4679). Alasan dari BPJS: NIK tidak terdaftar di Dukcapil. Anda belum terlindungi."
    )
    assert "selamat" not in text.lower() and "disetujui" not in text


def test_enrolled_gets_the_kpj_the_period_and_what_to_do_after_an_accident(bpjs_answered, office):
    accepted, _refused = bpjs_answered
    [text] = Notice.objects.filter(worker=accepted, channel="whatsapp").values_list("body", flat=True)
    assert "Nomor KPJ: 16010000001." in text
    assert "Anda terlindungi mulai 1 Januari 2027 sampai 31 Desember 2027, belum sebelum tanggal itu." in text
    assert "dalam 2 x 24 jam laporkan ke kepala desa atau Dinas Tenaga Kerja" in text
    assert "kantor cabang BPJS Ketenagakerjaan" in text and "Layanan BPJS Ketenagakerjaan: 175." in text


def member(source):
    worker = applicant(status=Status.TERDAFTAR)
    return Membership.objects.create(
        worker=worker,
        kpj="16010000009",
        funding_source=source,
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
    )


def test_ended_gives_the_day_and_the_reason(personas):
    m = member(funding_source_default(MUBA))
    membership_end(
        membership=m, reason="meninggal", date=dt.date(2026, 3, 2), evidence="Akta 123", by=personas["admin"]
    )
    text = body(m.worker, "membership_ending")
    assert text.startswith(
        "Halo Siti Aminah, kepesertaan BPJS Ketenagakerjaan Anda (KPJ 16010000009) berakhir pada 2 Maret 2026. "
        "Alasan: Meninggal dunia."
    )


def test_nonaktif_for_arrears_says_the_regency_owes_it_and_that_cover_is_off(personas):
    m = member(funding_source_default(MUBA))
    membership_deactivate(membership=m, by=personas["admin"])
    text = body(m.worker, "membership_nonaktif")
    assert (
        "(KPJ 16010000009) untuk sementara nonaktif karena iuran 3 bulan berturut-turut belum dibayarkan"
        in text
    )
    assert (
        "tanggungan Pemerintah Daerah, bukan Anda" in text
        and "Selama nonaktif Anda tidak terlindungi" in text
    )
    assert not Notice.objects.filter(worker=m.worker, template="membership_active").exists()


def test_reactivated_says_active_again(personas):
    m = member(funding_source_default(MUBA))
    m = membership_deactivate(membership=m, by=personas["admin"])
    membership_reactivate(membership=m, by=personas["admin"])
    assert body(m.worker, "membership_reactivated") == (
        "Halo Siti Aminah, kepesertaan BPJS Ketenagakerjaan Anda (KPJ 16010000009) aktif kembali sampai "
        "31 Desember 2026. Anda kembali terlindungi Jaminan Kecelakaan Kerja dan Jaminan Kematian."
    )
