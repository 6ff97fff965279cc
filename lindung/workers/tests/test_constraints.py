"""What the database itself guarantees about worker rows, whatever code wrote them."""

import pytest
from django.db import IntegrityError, transaction

from lindung.conftest import DESA_A, make_worker
from lindung.workers.models import Worker

pytestmark = pytest.mark.django_db


def test_a_receipt_number_belongs_to_one_worker_and_many_have_none():
    make_worker(DESA_A, receipt_no="LD-ACDE-3467")
    make_worker(DESA_A)
    make_worker(DESA_A)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_worker(DESA_A, receipt_no="LD-ACDE-3467")
    assert Worker.objects.filter(receipt_no__isnull=True).count() == 2
    assert Worker.objects.filter(receipt_no="LD-ACDE-3467").count() == 1


def test_kecamatan_and_kabupaten_follow_the_desa():
    worker = make_worker(DESA_A)
    assert (worker.kecamatan_id, worker.kabupaten_id) == (DESA_A.rsplit(".", 1)[0], DESA_A.rsplit(".", 2)[0])
    assert worker.kecamatan.level == "kecamatan" and worker.kabupaten.level == "kabupaten"
