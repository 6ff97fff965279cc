"""The branch file written with fixed-text columns, dates as text and BPJS occupation codes, read back cell by cell."""

import datetime as dt
import io

import pytest
from python_calamine import CalamineWorkbook

from lindung.enrolment.batches import BatchError, batch_create, batch_export, batch_seal
from lindung.enrolment.models import EnrolmentBatch, ExportLayout
from lindung.workers.models import Occupation

from .conftest import START, approved

pytestmark = pytest.mark.django_db

LAYOUT = [
    ["KODE PROGRAM", "fixed", "JKK-JKM BPU"],
    ["NO KTP", "nik"],
    ["NAMA TK", "name"],
    ["TGL LAHIR", "birth_date", "dd-mm-yyyy"],
    ["TGLLAHIR", "birth_date", "yyyymmdd"],
    ["TMT", "coverage_start", "dd/mm/yyyy"],
    ["KODE PEKERJAAN", "occupation_bpjs"],
    ["WADAH", "group_code"],
    ["KODE KANTOR", "fixed", "N08"],
    ["KETERANGAN", "fixed"],
    ["TANGGAL LAHIR (SEL)", "birth_date"],
]


def cells(content: bytes) -> list[list]:
    return CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()


def set_code(code: str, bpjs_code: str) -> Occupation:
    Occupation.objects.filter(code=code).update(bpjs_code=bpjs_code)
    return Occupation.objects.get(code=code)


def sealed(admin, source):
    batch = batch_create(user=admin, funding_source=source, coverage_start=START, filters={})
    batch_seal(batch=batch, by=admin)
    batch.refresh_from_db()
    return batch


def test_fixed_text_dates_as_text_and_bpjs_occupation_codes(personas, apbd):
    farmer = approved(1, birth_date=dt.date(1984, 2, 9), sex="L", occupation=set_code("petani", "0123"))[0]
    fisher = approved(1, birth_date=dt.date(1990, 11, 23), occupation=set_code("nelayan", "F-07"))[0]
    nothing = approved(1, birth_date=dt.date(2001, 1, 1), occupation=None)[0]
    set_code("lainnya", "999")
    layout = ExportLayout(name="Cabang Sekayu", columns=LAYOUT)
    layout.full_clean()
    layout.save()
    batch = sealed(personas["admin"], apbd)
    batch_export(batch=batch, by=personas["admin"], layout=layout)

    rows = cells(batch.exported_file.read())
    assert rows[0] == [c[0] for c in LAYOUT]
    start = START.strftime("%d/%m/%Y")
    assert rows[1:] == [
        [
            "JKK-JKM BPU",
            farmer.nik,
            farmer.name,
            "09-02-1984",
            "19840209",
            start,
            "0123",
            "SG",
            "N08",
            "",
            dt.date(1984, 2, 9),
        ],
        [
            "JKK-JKM BPU",
            fisher.nik,
            fisher.name,
            "23-11-1990",
            "19901123",
            start,
            "F-07",
            "SG",
            "N08",
            "",
            dt.date(1990, 11, 23),
        ],
        [
            "JKK-JKM BPU",
            nothing.nik,
            nothing.name,
            "01-01-2001",
            "20010101",
            start,
            "999",
            "SG",
            "N08",
            "",
            dt.date(2001, 1, 1),
        ],
    ]


def test_an_occupation_without_a_bpjs_code_stops_the_export_and_says_which(personas, apbd):
    set_code("petani", "0123")
    approved(1, occupation=Occupation.objects.get(code="petani"))
    approved(1, occupation=Occupation.objects.get(code="nelayan"))
    layout = ExportLayout.objects.create(name="Cabang", columns=[["NIK", "nik"], ["KODE", "occupation_bpjs"]])
    batch = sealed(personas["admin"], apbd)
    with pytest.raises(
        BatchError, match=r"Kode pekerjaan BPJS belum diisi untuk: Nelayan\. Isi kodenya di Data induk"
    ):
        batch_export(batch=batch, by=personas["admin"], layout=layout)
    batch.refresh_from_db()
    assert batch.status == EnrolmentBatch.Status.SEALED and not batch.exported_file


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        ([["TGL", "birth_date", "mm/dd/yy"]], "Format tanggal kolom TGL tidak dikenal: mm/dd/yy"),
        ([["NIK", "nik", "abc"]], "Kolom NIK: teks tetap atau format tanggal hanya untuk isian Teks tetap"),
        ([["NIK", "nik", "a", "b"]], "Kolom harus berupa daftar"),
    ],
)
def test_a_bad_option_is_refused(columns, message):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match=message):
        ExportLayout(name="Salah", columns=columns).full_clean()


def test_the_demo_branch_layout_is_a_valid_layout():
    from lindung.core.demo.enrolment import BRANCH_LAYOUT

    ExportLayout(name="Demo", columns=BRANCH_LAYOUT).full_clean()
