"""Fixed-text columns, dates as text and the BPJS occupation code, as Admin Dinas sets them at /data-induk/."""

import pytest

from lindung.audit.models import AuditEvent
from lindung.conftest import login
from lindung.enrolment.models import ExportLayout
from lindung.workers.models import Occupation

pytestmark = pytest.mark.django_db


def post_data(name, rows):
    """Rows of (header, field, option) in order."""
    data = {
        "name": name,
        "kolom-TOTAL_FORMS": str(len(rows)),
        "kolom-INITIAL_FORMS": str(len(rows)),  # as the browser sends it
        "kolom-MIN_NUM_FORMS": "0",
        "kolom-MAX_NUM_FORMS": "60",
    }
    for i, (header, field, option) in enumerate(rows):
        data.update(
            {
                f"kolom-{i}-ORDER": str(i + 1),
                f"kolom-{i}-header": header,
                f"kolom-{i}-field": field,
                f"kolom-{i}-option": option,
            }
        )
    return data


def test_a_layout_with_fixed_text_a_date_format_and_the_bpjs_occupation_code(personas):
    admin = login(personas["admin"])
    rows = [
        ("KODE PROGRAM", "fixed", " JKK-JKM  BPU "),
        ("NIK", "nik", ""),
        ("TGL LAHIR", "birth_date", "DD-MM-YYYY"),
        ("KODE PEKERJAAN", "occupation_bpjs", ""),
    ]
    assert admin.post("/data-induk/tata-letak/baru/", post_data("Cabang Sekayu", rows)).status_code == 302
    layout = ExportLayout.objects.get(name="Cabang Sekayu")
    assert layout.columns == [
        ["KODE PROGRAM", "fixed", "JKK-JKM BPU"],
        ["NIK", "nik"],
        ["TGL LAHIR", "birth_date", "dd-mm-yyyy"],
        ["KODE PEKERJAAN", "occupation_bpjs"],
    ]
    page = admin.get("/data-induk/tata-letak/").content.decode()
    assert "Teks tetap (fixed): “JKK-JKM BPU”" in page
    assert "Tanggal lahir (birth_date), teks dd-mm-yyyy" in page
    form = admin.get(f"/data-induk/tata-letak/{layout.pk}/").content.decode()
    assert 'value="JKK-JKM BPU"' in form and 'value="dd-mm-yyyy"' in form


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            ("TGL LAHIR", "birth_date", "mm/dd/yyyy"),
            "Format tanggal tidak dikenal; tulis salah satu: dd-mm-yyyy",
        ),
        (("NIK", "nik", "SG"), "Isi ini hanya untuk isian Teks tetap (teksnya) atau tanggal (formatnya)"),
    ],
)
def test_a_wrong_option_is_explained_and_nothing_is_written(personas, row, message):
    response = login(personas["admin"]).post("/data-induk/tata-letak/baru/", post_data("Cabang", [row]))
    assert response.status_code == 200 and message in response.content.decode()
    assert not ExportLayout.objects.filter(name="Cabang").exists()


def test_the_bpjs_occupation_code_is_edited_with_the_catalogue(personas):
    admin = login(personas["admin"])
    petani = Occupation.objects.get(code="petani")
    response = admin.post(f"/data-induk/pekerjaan/{petani.pk}/", {"name": petani.name, "bpjs_code": " 0123 "})
    assert response.status_code == 302
    petani.refresh_from_db()
    assert petani.bpjs_code == "0123"
    assert AuditEvent.objects.get(action="occupation.update").changes["bpjs_code"] == ["", "0123"]
    assert (
        '<td class="font-monospace" data-label="Kode BPJS">0123</td>'
        in admin.get("/data-induk/pekerjaan/").content.decode()
    )
    bad = admin.post(f"/data-induk/pekerjaan/{petani.pk}/", {"name": petani.name, "bpjs_code": "01;23"})
    assert "Kode pekerjaan BPJS hanya berisi huruf" in bad.content.decode()
    petani.refresh_from_db()
    assert petani.bpjs_code == "0123"
