"""Admin Dinas sets the office profile: contact, letterhead logo, signatory; the letter and front page use it."""

import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfReader

from lindung.audit.models import AuditEvent
from lindung.conftest import login, make_worker
from lindung.core.models import Office
from lindung.enrolment.batches import funding_source_default
from lindung.enrolment.models import Membership
from lindung.workers.models import Status

FORM = {
    "government": "Pemerintah Kabupaten Musi Banyuasin",
    "name": "Dinas Tenaga Kerja dan Transmigrasi",
    "address": "Jl. Merdeka 1, Sekayu",
    "phone": "0714-321000",
    "whatsapp": "",
    "email": "",
    "hours": "",
    "city": "Sekayu",
    "signatory_name": "Ahmad Rizal, S.H.",
    "signatory_nip": "1970 0101 1995 0310 01",
    "signatory_title": "Kepala Dinas",
    "letter_prefix": "560/SKK",
}


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 60), (11, 110, 79)).save(buffer, format="PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")


def test_admin_dinas_sets_the_signatory_and_logo_and_the_letter_carries_them(personas):
    client = login(personas["admin"])
    response = client.post("/data-induk/instansi/", {**FORM, "logo_file": png()}, follow=True)
    assert "Profil instansi tersimpan." in response.content.decode()
    office = Office.objects.get(kabupaten_id="16.06")
    assert (office.signatory_nip, office.logo_type) == ("197001011995031001", "png")
    assert AuditEvent.objects.filter(action="office.create").exists()
    m = Membership.objects.create(
        worker=make_worker(status=Status.TERDAFTAR),
        kpj="16010000123",
        funding_source=funding_source_default("16.06"),
        start=dt.date(2026, 1, 1),
    )
    reader = PdfReader(io.BytesIO(client.get(f"/kepesertaan/{m.pk}/surat.pdf").content))
    text = reader.pages[0].extract_text()
    assert "Ahmad Rizal, S.H." in text and "NIP. 197001011995031001" in text
    assert len(reader.pages[0].images) == 2  # the logo and the QR code


def test_a_bad_logo_and_nip_are_refused_and_nothing_saved(personas):
    bad = SimpleUploadedFile("logo.png", b"not an image", content_type="image/png")
    page = (
        login(personas["admin"])
        .post("/data-induk/instansi/", {**FORM, "signatory_nip": "12345", "logo_file": bad})
        .content.decode()
    )
    assert "Logo harus berupa gambar PNG atau JPEG." in page and "NIP terdiri dari 18 angka." in page
    assert not Office.objects.exists()


def test_only_admin_dinas(personas):
    assert login(personas["kecamatan"]).get("/data-induk/instansi/").status_code == 403
