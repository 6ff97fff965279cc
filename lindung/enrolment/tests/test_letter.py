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
    assert "APBD KAB. MUSI BANYUASIN" in content
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
