import datetime as dt
import io

import pytest
from pypdf import PdfReader

from lindung.audit.models import AuditEvent
from lindung.conftest import login, make_worker
from lindung.enrolment.letter import membership_letter_pdf
from lindung.enrolment.models import Membership
from lindung.workers.models import Status

pytestmark = pytest.mark.django_db


def text(pdf: bytes) -> str:
    return " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_letter_states_kpj_period_funding_and_benefits(personas, apbd):
    worker = make_worker(status=Status.TERDAFTAR, name="Siti <script>alert(1)</script> Aminah")
    m = Membership.objects.create(
        worker=worker,
        kpj="16010000123",
        funding_source=apbd,
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
    )
    content = text(membership_letter_pdf(m, today=dt.date(2026, 3, 1))).replace("\n", " ")
    assert "SURAT KETERANGAN KEPESERTAAN" in content
    assert "Siti <script>alert(1)</script> Aminah" in content
    assert "16010000123" in content
    assert "1 Januari 2026 - 31 Desember 2026" in content
    assert "APBD Kabupaten Musi Banyuasin" in " ".join(content.split())
    assert "48 x penghasilan yang didaftarkan (Rp1.000.000) = Rp48.000.000" in content
    assert "56 x penghasilan yang didaftarkan (Rp1.000.000) = Rp56.000.000" in content
    assert "Rp42.000.000" in content and "Rp20 juta" in content and "Rp10 juta" in content
    assert "paling banyak 2 anak" in content
    assert "Jika peserta meninggal dunia" in content
    assert "akta kematian" in content


def test_the_letter_download_is_scoped_and_audited(personas, apbd):
    m = Membership.objects.create(
        worker=make_worker(status=Status.TERDAFTAR),
        kpj="16010000123",
        funding_source=apbd,
        start=dt.date(2026, 1, 1),
    )
    response = login(personas["desa"]).get(f"/kepesertaan/{m.pk}/surat.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="membership.letter", actor=personas["desa"]).count() == 1
    assert login(personas["desa_lain"]).get(f"/kepesertaan/{m.pk}/surat.pdf").status_code == 404


def official(apbd):
    from lindung.core.models import Office

    return Office.objects.create(
        kabupaten_id=apbd.kabupaten_id,
        government="Pemerintah Kabupaten Musi Banyuasin",
        name="Dinas Tenaga Kerja dan Transmigrasi",
        address="Jl. Kol. Wahid Udin, Sekayu",
        city="Sekayu",
        signatory_name="Drs. H. Ahmad Rizal, M.Si.",
        signatory_nip="197001011995031001",
        signatory_title="Kepala Dinas Tenaga Kerja dan Transmigrasi",
        letter_prefix="560/SKK/Disnakertrans",
    )


def test_the_downloaded_letter_is_numbered_signed_and_shows_the_masked_nik(personas, apbd):
    from django.utils import timezone

    official(apbd)
    worker = make_worker(status=Status.TERDAFTAR, name="Siti Aminah")
    m = Membership.objects.create(
        worker=worker,
        kpj="16010000123",
        funding_source=apbd,
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
    )
    client = login(personas["desa"])
    pdf = client.get(f"/kepesertaan/{m.pk}/surat.pdf").content
    year = timezone.localdate().year
    content = text(pdf).replace("\n", " ")
    assert f"{worker.nik[:6]}••••••••••" in content and "?" not in content  # every glyph in the font
    assert f"Nomor: 560/SKK/Disnakertrans/0001/{year}" in content
    assert (
        "PEMERINTAH KABUPATEN MUSI BANYUASIN" in content and "DINAS TENAGA KERJA DAN TRANSMIGRASI" in content
    )
    assert "Drs. H. Ahmad Rizal, M.Si." in content and "NIP. 197001011995031001" in content
    assert "Sekayu, " in content and "Kepala Dinas Tenaga Kerja dan Transmigrasi" in content
    assert PdfReader(io.BytesIO(pdf)).pages[0].images  # the QR code
    # Downloaded again: the same number. Another member: the next one.
    assert f"/0001/{year}" in text(client.get(f"/kepesertaan/{m.pk}/surat.pdf").content)
    other = Membership.objects.create(
        worker=make_worker(status=Status.TERDAFTAR),
        kpj="16010000124",
        funding_source=apbd,
        start=dt.date(2026, 1, 1),
    )
    assert f"560/SKK/Disnakertrans/0002/{year}" in text(
        client.get(f"/kepesertaan/{other.pk}/surat.pdf").content
    )
    assert (
        AuditEvent.objects.filter(
            action="membership.letter", changes__number=f"560/SKK/Disnakertrans/0001/{year}"
        ).count()
        == 2
    )


def test_the_qr_page_says_genuine_and_valid_without_the_nik_then_not_valid_once_ended(personas, apbd):
    from django.test import Client

    from lindung.enrolment.letter import letter_issue
    from lindung.enrolment.memberships import membership_end

    today = dt.date.today()
    worker = make_worker(status=Status.TERDAFTAR, name="Siti Aminah")
    m = Membership.objects.create(
        worker=worker,
        kpj="16010000123",
        funding_source=apbd,
        start=today - dt.timedelta(days=30),
        end=today + dt.timedelta(days=200),
    )
    letter = letter_issue(membership=m, by=personas["admin"])
    assert len(letter.token) >= 24
    page = Client().get(f"/verifikasi-surat/{letter.token}/").content.decode()
    assert "Surat ini asli" in page and letter.number in page and "Siti Aminah" in page
    assert 'id="letter-valid"' in page
    assert worker.nik not in page and worker.nik[:6] not in page and "16010000123" not in page
    wrong = letter.token[:-1] + ("y" if letter.token.endswith("x") else "x")
    assert Client().get(f"/verifikasi-surat/{wrong}/").status_code == 404
    membership_end(membership=m, reason="meninggal", date=today, evidence="Akta 1", by=personas["admin"])
    page = Client().get(f"/verifikasi-surat/{letter.token}/").content.decode()
    assert 'id="letter-invalid"' in page and "Tidak berlaku lagi: kepesertaan berhenti" in page
