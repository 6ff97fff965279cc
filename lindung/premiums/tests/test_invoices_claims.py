import datetime as dt

import pytest

from lindung.conftest import MUBA, make_worker
from lindung.enrolment.batches import funding_source_default
from lindung.enrolment.models import Membership
from lindung.enrolment.results import ResultFileError
from lindung.premiums.bills import bill_compute
from lindung.premiums.claims import ClaimError, claim_mark_paid, claim_report, expected_benefit, impact
from lindung.premiums.invoices import invoice_upload
from lindung.premiums.models import Claim
from lindung.workers.models import Status

pytestmark = pytest.mark.django_db
JAN = dt.date(2026, 1, 1)


@pytest.fixture
def apbd(db):
    return funding_source_default(MUBA)


def member(source, kpj, **extra):
    return Membership.objects.create(
        worker=make_worker(status=Status.TERDAFTAR),
        kpj=kpj,
        funding_source=source,
        start=dt.date(2025, 1, 1),
        **extra,
    )


def test_invoice_reconciliation_line_by_line(personas, apbd):
    member(apbd, "16010000001")
    member(apbd, "16010000002")
    member(apbd, "16010000003")
    member(apbd, "16010000009", status="berhenti", end_date=dt.date(2025, 11, 30))
    bill_compute(month=JAN, funding_source=apbd)
    content = (
        b"No KPJ;Nama;Iuran\n"
        b"16010000001;A;16800\n"
        b"16010000002;B;20000\n"  # amount differs
        b"16010000009;C;16800\n"  # ended in November, still billed by BPJS
        b"16019999999;D;16800\n"  # not in our bill
        b"abc;E;16800\n"
    )
    upload = invoice_upload(
        funding_source=apbd, month=JAN, name="tagihan.csv", content=content, by=personas["bpjs"]
    )
    r = upload.report
    assert r["amount_diff"] == [{"kpj": "16010000002", "ours": 16_800, "theirs": 20_000}]
    assert [x["kpj"] for x in r["only_invoice"]] == ["16010000009", "16019999999"]
    assert [x["kpj"] for x in r["only_bill"]] == ["16010000003"]
    assert r["after_end"] == [{"kpj": "16010000009", "amount": 16_800, "end_date": "2025-11-30"}]
    assert r["counts"]["invalid"] == 1
    assert r["totals"] == {"ours": 50_400, "theirs": 70_400, "bill_found": True}


def test_an_invoice_without_kpj_column_is_refused(personas, apbd):
    with pytest.raises(ResultFileError, match="KPJ dan Iuran"):
        invoice_upload(funding_source=apbd, month=JAN, name="x.csv", content=b"nama,total\nA,1\n", by=None)


def test_claims_and_benefit_amounts(personas, apbd):
    m = member(apbd, "16010000001")
    assert expected_benefit(kind="JKM", membership=m, on=JAN) == 42_000_000
    assert expected_benefit(kind="JKK_MD", membership=m, on=JAN) == 48_000_000
    claim = claim_report(
        membership=m, kind="JKM", event_date=JAN, reported_by_name="Istri", note="", by=personas["desa"]
    )
    with pytest.raises(ClaimError, match="sebelum kepesertaan"):
        claim_report(
            membership=m, kind="JKK", event_date=dt.date(2024, 1, 1), reported_by_name="", note="", by=None
        )
    claim_mark_paid(claim=claim, amount=42_000_000, paid_date=dt.date(2026, 2, 1), by=personas["bpjs"])
    with pytest.raises(ClaimError, match="sudah tercatat dibayar"):
        claim_mark_paid(claim=claim, amount=1, paid_date=dt.date(2026, 2, 1), by=personas["bpjs"])
    assert impact(Claim.objects.all()) == {"families": 1, "total": 42_000_000, "deaths": 1}


def test_finance_pages(personas, apbd):
    from lindung.conftest import login

    m = member(apbd, "16010000001")
    bill_compute(month=JAN, funding_source=apbd)
    admin = login(personas["admin"])
    page = admin.post(
        "/iuran/pembayaran/",
        {
            "funding_source": apbd.pk,
            "month": "2026-01",
            "sp2d_number": "900/SP2D/2026",
            "sp2d_date": "2026-02-05",
            "amount": 16800,
        },
        follow=True,
    ).content.decode()
    assert "Pembayaran tercatat." in page and "900/SP2D/2026" in page
    admin.post(f"/iuran/anggaran/?source={apbd.pk}&year=2026", {"allocation": 201600})
    page = admin.get(f"/iuran/anggaran/?source={apbd.pk}&year=2026&from_month=1").content.decode()
    assert "Rp201.600" in page
    assert login(personas["pimpinan"]).post("/iuran/pembayaran/", {}).status_code == 404
    assert "Tidak ada." in admin.get(f"/iuran/tunggakan/?source={apbd.pk}").content.decode()
    desa = login(personas["desa"])
    page = desa.post(
        "/iuran/klaim/",
        {"kpj": m.kpj, "kind": "JKM", "event_date": "2026-01-10", "reported_by_name": "Istri"},
        follow=True,
    ).content.decode()
    assert "Klaim dicatat." in page and "Rp42.000.000" in page
    page = (
        login(personas["desa_lain"])
        .post("/iuran/klaim/", {"kpj": m.kpj, "kind": "JKM", "event_date": "2026-01-10"}, follow=True)
        .content.decode()
    )
    assert "tidak ditemukan di wilayah Anda" in page
    assert Claim.objects.count() == 1
    claim = Claim.objects.get()
    page = (
        login(personas["bpjs"])
        .post(
            f"/iuran/klaim/{claim.pk}/dibayar/", {"amount": 42000000, "paid_date": "2026-02-01"}, follow=True
        )
        .content.decode()
    )
    assert "1 keluarga menerima manfaat" in page
    invoice = "KPJ,Iuran\n16010000001,16800\n"
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = login(personas["bpjs"]).post(
        "/iuran/tagihan-bpjs/",
        {
            "funding_source": apbd.pk,
            "month": "2026-01",
            "file": SimpleUploadedFile("t.csv", invoice.encode()),
        },
        follow=True,
    )
    assert "Pencocokan tagihan" in response.content.decode()
