"""The QR code on the printed membership letter, read as a phone would: the page rendered to pixels, the code
decoded, and the address it holds opened — the public page for that very letter, genuine and valid, without the NIK.
"""

import datetime as dt
from urllib.parse import urlsplit

import pypdfium2
import pytest
import zxingcpp
from django.test import Client

from lindung.conftest import login, make_worker
from lindung.enrolment.models import Membership, MembershipLetter
from lindung.workers.models import Status

pytestmark = pytest.mark.django_db


def qr_codes_on_first_page(pdf: bytes, dpi: int = 150) -> list[str]:
    """Every QR code readable on page 1 printed at `dpi` (150 dpi: an ordinary office scan or phone photo)."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[0].render(scale=dpi / 72).to_pil()
    finally:
        document.close()
    return [
        found.text for found in zxingcpp.read_barcodes(image) if found.format == zxingcpp.BarcodeFormat.QRCode
    ]


def test_the_printed_qr_code_opens_the_verification_page_of_that_letter(personas, apbd):
    today = dt.date.today()
    worker = make_worker(status=Status.TERDAFTAR, name="Siti Aminah")
    membership = Membership.objects.create(
        worker=worker,
        kpj="16010000123",
        funding_source=apbd,
        start=today - dt.timedelta(days=30),
        end=today + dt.timedelta(days=200),
    )
    response = login(personas["desa"]).get(f"/kepesertaan/{membership.pk}/surat.pdf")
    assert response.status_code == 200
    letter = MembershipLetter.objects.get(membership=membership)

    codes = qr_codes_on_first_page(response.content)
    assert len(codes) == 1
    url = urlsplit(codes[0])
    assert (url.scheme, url.netloc) == ("http", "testserver")  # the address the letter was downloaded from
    assert url.path == f"/verifikasi-surat/{letter.token}/"

    page = Client().get(url.path)  # anyone who scans it, not logged in
    assert page.status_code == 200
    body = page.content.decode()
    assert "Surat ini asli" in body and 'id="letter-valid"' in body
    assert letter.number in body and "Siti Aminah" in body
    assert worker.nik not in body and worker.nik[:6] not in body and "16010000123" not in body


def test_each_letter_carries_its_own_code(personas, apbd):
    start = dt.date.today() - dt.timedelta(days=1)
    client = login(personas["admin"])
    paths = []
    for kpj in ("16010000201", "16010000202"):
        membership = Membership.objects.create(
            worker=make_worker(status=Status.TERDAFTAR), kpj=kpj, funding_source=apbd, start=start
        )
        (code,) = qr_codes_on_first_page(client.get(f"/kepesertaan/{membership.pk}/surat.pdf").content)
        paths.append(urlsplit(code).path)
        assert paths[-1] == f"/verifikasi-surat/{MembershipLetter.objects.get(membership=membership).token}/"
    assert paths[0] != paths[1]
