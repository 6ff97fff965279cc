import io

import pytest

from lindung.core.demo import eligibility, intake, people
from lindung.intake.models import RepeatApplication
from lindung.workers.models import Status, Worker

pytestmark = pytest.mark.django_db


def test_the_demo_applications_are_seeded_once_and_print_receipts_to_try():
    out = io.StringIO()
    people.seed_agencies(out)
    people.seed_users(out)
    eligibility.seed(out)
    intake.seed(out)
    intake.seed(out)
    mandiri = Worker.objects.filter(source="mandiri", receipt_no__isnull=False)
    assert mandiri.count() == 8
    assert mandiri.filter(status=Status.DIKEMBALIKAN).count() == 2
    assert mandiri.filter(status=Status.DITOLAK).count() == 2
    text = out.getvalue()
    assert "Permohonan mandiri demo: 8 dibuat" in text and "Permohonan mandiri demo: 0 dibuat" in text
    first = mandiri.filter(status=Status.DIAJUKAN).order_by("id").first()
    assert first is not None and first.receipt_no is not None
    assert f"{first.receipt_no[:7]}-{first.receipt_no[7:]}  lahir {first.birth_date:%d-%m-%Y}" in text
    # One public repeat application and one field entry of another kecamatan with a registered NIK, once each.
    assert sorted(RepeatApplication.objects.values_list("via", flat=True)) == ["petugas", "publik"]
    assert RepeatApplication.objects.get(via="petugas").submitted["operator"] == "desa2"
