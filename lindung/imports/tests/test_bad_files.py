"""Files that cannot be imported: each gets one clear Indonesian sentence, and nothing is written."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import pytest
from django.core.files.base import ContentFile

from lindung.conftest import login
from lindung.imports.file_checks import ImportFileError
from lindung.imports.models import ImportJob
from lindung.imports.services import import_job_create
from lindung.workers.models import Worker

from .factory import HEADERS, media, person, upload, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    media(settings, tmp_path)


def refused(user: Any, content: bytes, name: str = "data.xlsx") -> str:
    """The message of an upload refused at once; asserts no job and no worker was created."""
    with pytest.raises(ImportFileError) as info:
        import_job_create(
            file=ContentFile(content, name=name), name=name, source="impor", by=user, start=False
        )
    assert ImportJob.objects.count() == 0
    assert Worker.objects.count() == 0
    return str(info.value)


def failed(user: Any, content: bytes, name: str = "data.xlsx") -> str:
    """The message of a file that fails during the background check; asserts nothing was written."""
    job = upload(user, content, name)
    assert job.status == ImportJob.Status.FAILED, job.status
    assert Worker.objects.count() == 0
    assert job.valid == 0
    return job.error_message


def test_png_renamed_xlsx_is_not_a_spreadsheet(personas: Any) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    assert "bukan lembar kerja, melainkan gambar PNG" in refused(personas["admin"], png)


def test_pdf_renamed_xlsx_is_not_a_spreadsheet(personas: Any) -> None:
    assert "dokumen PDF" in refused(personas["admin"], b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj")


def test_corrupted_xlsx(personas: Any) -> None:
    content = xlsx_bytes([person(1)])
    assert "rusak" in refused(personas["admin"], content[: len(content) // 2])


def test_zip_that_is_not_a_workbook(personas: Any) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    assert "bukan buku kerja Excel" in refused(personas["admin"], buffer.getvalue())


def test_password_protected_xlsx(personas: Any) -> None:
    # An encrypted xlsx is an OLE compound file holding an "EncryptedPackage" stream, not a zip.
    ole = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 504
        + "EncryptedPackage".encode("utf-16-le")
        + b"\x00" * 64
    )
    assert "dilindungi kata sandi" in refused(personas["admin"], ole)


def test_empty_file(personas: Any) -> None:
    assert "Berkas kosong" in refused(personas["admin"], b"", "kosong.csv")


def test_file_over_the_size_limit_is_refused_before_reading(personas: Any, settings: Any) -> None:
    settings.IMPORT_MAX_BYTES = 1000
    assert "terlalu besar" in refused(personas["admin"], b"x" * 1001, "besar.csv")


def test_header_only_file(personas: Any) -> None:
    assert "hanya berisi judul kolom" in failed(personas["admin"], xlsx_bytes([]))


def test_empty_csv_with_blank_lines(personas: Any) -> None:
    assert "kosong" in failed(personas["admin"], b"\n\n \n", "kosong.csv")


def test_missing_required_columns(personas: Any) -> None:
    message = failed(personas["admin"], xlsx_bytes([["Siti"]], ["Nama Lengkap"]))
    assert "Kolom wajib tidak ditemukan" in message
    assert "NIK" in message


def test_zip_bomb_is_refused_from_the_zip_directory(personas: Any) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([person(1)])))
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</worksheet>", b"<!--" + b"0" * (30 * 1024 * 1024) + b"--></worksheet>")
            archive.writestr(info.filename, data)
    assert len(buffer.getvalue()) < 1024 * 1024
    assert "membengkak" in refused(personas["admin"], buffer.getvalue())


def _without_cached_value(content: bytes) -> bytes:
    """Strip the saved result of every formula, as a generator that never calculates would leave it."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"(</f>)<v>[^<]*</v>", rb"\1", data)
            archive.writestr(info.filename, data)
    return buffer.getvalue()


def _with_formula(value: Any | None) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Data")
    sheet.write_row(0, 0, HEADERS)
    row = person(1)
    sheet.write_row(1, 0, row)
    sheet.write_formula(1, 2, '=UPPER("warga nurab")', None, value if value is not None else 0)
    book.close()
    return buffer.getvalue()


@pytest.fixture(params=["here", "in a child"])
def formula_scan(request: Any, settings: Any, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """The formula scan runs in this process, or (as for a large file) in a forked child beside the parse."""
    from lindung.imports import file_checks

    forks = {"n": 0}
    if request.param == "in a child":
        settings.IMPORT_FORMULA_SCAN_FORK_BYTES = 0
        real = file_checks.Forked

        def counted(*args: Any) -> Any:
            forks["n"] += 1
            return real(*args)

        monkeypatch.setattr(file_checks, "Forked", counted)
        forks["expected"] = 1
    else:
        forks["expected"] = 0
    return forks


def test_formula_without_cached_value(personas: Any, formula_scan: dict[str, int]) -> None:
    message = failed(personas["admin"], _without_cached_value(_with_formula(None)))
    assert "Sel C2 berisi rumus" in message
    assert formula_scan["n"] == formula_scan["expected"]


def test_formula_with_cached_value_imports_the_value(personas: Any, formula_scan: dict[str, int]) -> None:
    job = upload(personas["admin"], _with_formula("WARGA NURAB"))
    assert job.status == ImportJob.Status.CHECKED
    assert job.valid == 1
    assert formula_scan["n"] == formula_scan["expected"]


def test_formula_scan_falls_back_here_if_its_child_fails(
    personas: Any, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lindung.imports import parallel

    settings.IMPORT_FORMULA_SCAN_FORK_BYTES = 0

    def died(self: Any) -> Any:
        self.close()
        raise RuntimeError("forked child died")

    monkeypatch.setattr(parallel.Forked, "result", died)
    message = failed(personas["admin"], _without_cached_value(_with_formula(None)))
    assert "Sel C2 berisi rumus" in message


def test_bad_file_on_the_upload_page_is_a_message_not_a_500(personas: Any) -> None:
    client = login(personas["admin"])
    png = ContentFile(b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, name="daftar.xlsx")
    response = client.post("/impor/unggah/", {"file": png, "source": "impor"})
    assert response.status_code == 400
    assert "bukan lembar kerja, melainkan gambar PNG" in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_oversized_upload_on_the_page(personas: Any, settings: Any) -> None:
    settings.IMPORT_MAX_BYTES = 100
    client = login(personas["admin"])
    response = client.post(
        "/impor/unggah/", {"file": ContentFile(b"a" * 500, name="x.csv"), "source": "impor"}
    )
    assert response.status_code == 400
    assert "Berkas terlalu besar" in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_a_stray_value_in_the_last_cell_of_the_sheet_is_refused_before_reading(personas: Any) -> None:
    # A 5 KB file whose used range is A1:XFD1048576: read as is, it would ask for 17 billion cells.
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet("Data")
    sheet.write_row(0, 0, HEADERS)
    sheet.write_row(1, 0, person(1))
    sheet.write_string(1_048_575, 16_383, "x")
    workbook.close()
    message = failed(personas["admin"], buffer.getvalue())
    assert "terpakai sampai sel XFD1048576 (1.048.576 baris × 16384 kolom)" in message


def test_a_sheet_without_a_dimension_is_measured_from_its_cells(personas: Any) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([person(1), person(2)])))
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb"<dimension [^>]*/>", b"", data)
            archive.writestr(info.filename, data)
    job = upload(personas["admin"], buffer.getvalue())
    assert job.status == ImportJob.Status.CHECKED and job.valid == 2


def test_a_sheet_calamine_cannot_parse_ends_the_formula_scan_child(
    personas: Any, formula_scan: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The parse's message is shown without waiting for the scan, and no child is left behind."""
    import multiprocessing
    import time

    from lindung.imports import file_checks

    def slow_scan(*args: Any) -> None:  # a scan still running when the parse fails (the child inherits it)
        time.sleep(60)

    monkeypatch.setattr(file_checks, "_scan_formulas", slow_scan)
    source = zipfile.ZipFile(io.BytesIO(_with_formula("WARGA NURAB")))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(
                    b"</sheetData>", b'<row r="3"><c r="A3" t="n"><v>satu</v></c></row></sheetData>'
                )
            archive.writestr(info.filename, data)
    assert "rusak" in failed(personas["admin"], buffer.getvalue())
    assert formula_scan["n"] == formula_scan["expected"]
    assert multiprocessing.active_children() == []
