"""Reading cells and checking rows: what an operator sees in the preview and the error report."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
import python_calamine
import xlsxwriter

from lindung.conftest import DESA_LAIS, make_worker
from lindung.core.demo.names import FEMALE, MALE, SECOND
from lindung.imports.cells import name_key
from lindung.imports.models import ImportJob
from lindung.lib.names import normalize_name
from lindung.lib.nik import make_nik
from lindung.workers.models import Worker

from .factory import HEADERS, csv_bytes, media, person, upload, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    media(settings, tmp_path)


def messages(job: ImportJob) -> dict[int, str]:
    return {e["row"]: e["message"] for e in job.first_errors}


def test_tolerant_headers_and_csv_with_semicolons(personas: Any) -> None:
    headers = ["NO", " nik ktp ", "NAMA", "tgl. lahir", "L/P", "Desa / Kelurahan", "KEC"]
    row = person(1)
    content = csv_bytes([[1, row[1], row[2], row[4], "Laki-laki", "Sukarami", "Sekayu"]], headers, sep=";")
    job = upload(personas["admin"], content, "desa.csv")
    assert job.status == ImportJob.Status.CHECKED, job.error_message
    assert job.valid == 1
    assert job.mapping["nik ktp"] == "nik"


def test_unknown_headers_ask_for_a_mapping(personas: Any) -> None:
    from lindung.imports.services import import_job_map

    headers = ["NIK", "Nama Lengkap", "Lahir Tanggal Berapa", "Jenis Kelamin", "Desa"]
    row = person(1)
    job = upload(personas["admin"], xlsx_bytes([[row[1], row[2], row[4], "L", "Sukarami"]], headers))
    assert job.status == ImportJob.Status.MAPPING
    assert job.unknown_headers == ["Lahir Tanggal Berapa"]
    assert "Tanggal Lahir" in job.error_message
    import_job_map(job=job, mapping={"Lahir Tanggal Berapa": "birth_date"}, by=personas["admin"])
    from lindung.imports import engine

    job = engine.run_check(job.pk)
    assert job.status == ImportJob.Status.CHECKED
    assert job.valid == 1


def test_dates_as_serials_datetimes_and_text(personas: Any) -> None:
    birth = dt.date(1985, 6, 7)
    shapes = [
        birth,  # a date cell
        (birth - dt.date(1899, 12, 30)).days,  # a serial in a General cell
        "07/06/1985",
        "7-6-85",
        "1985-06-07",
        "7 Juni 1985",
        "07.06.1985",
    ]
    rows = []
    for serial, shape in enumerate(shapes, start=1):
        row = person(serial, birth=birth)
        row[4] = shape
        rows.append(row)
    job = upload(personas["admin"], xlsx_bytes(rows))
    assert (job.valid, job.invalid) == (len(shapes), 0), job.first_errors


def test_unreadable_and_impossible_dates(personas: Any) -> None:
    rows = [person(1), person(2), person(3)]
    rows[0][4] = "31/02/1985"
    rows[1][4] = "kemarin"
    rows[2][4] = (dt.date.today() + dt.timedelta(days=3)).strftime("%d/%m/%Y")
    errors = messages(upload(personas["admin"], xlsx_bytes(rows)))
    assert "31/02/1985 bukan tanggal yang ada" in errors[2]
    assert "kemarin tidak terbaca" in errors[3]
    assert "masa depan" in errors[4]


def test_nik_as_number_with_spaces_dots_and_scientific(personas: Any) -> None:
    rows = [person(i) for i in range(1, 6)]
    rows[0][1] = int(rows[0][1])  # a number cell
    rows[1][1] = float(rows[1][1])  # a number cell read as float
    digits = rows[2][1]
    rows[2][1] = f"{digits[:6]} {digits[6:12]} {digits[12:]}"
    rows[3][1] = f"{digits[:2]}.{digits[2:4]}.{person(4)[1][4:]}".replace(".", ".", 2)
    rows[3][1] = ".".join([person(4)[1][:6], person(4)[1][6:12], person(4)[1][12:]])
    rows[4][1] = "1.60601E+15"
    job = upload(personas["admin"], xlsx_bytes(rows))
    errors = messages(job)
    assert job.valid == 4
    assert "angka ilmiah (1.60601E+15)" in errors[6]
    assert Worker.objects.count() == 0


def test_nik_lost_leading_digits_and_disagreeing_with_birth_date_and_sex(personas: Any) -> None:
    rows = [person(1), person(2), person(3, sex="P")]
    rows[0][1] = rows[0][1][1:]
    rows[1][4] = "08/06/1985"
    rows[2][5] = "L"
    errors = messages(upload(personas["admin"], xlsx_bytes(rows)))
    assert "16 digit, yang diisi 15" in errors[2]
    assert "tidak sama dengan tanggal lahir" in errors[3]
    assert "milik perempuan" in errors[4]


def test_merged_cells_take_the_top_left_value(personas: Any) -> None:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Data")
    sheet.write_row(0, 0, HEADERS)
    for r in (1, 2, 3):
        sheet.write_row(r, 0, person(r)[:7])
        sheet.write(r, 9, "Petani/pekebun")
    sheet.merge_range(1, 7, 3, 7, "Sukarami")  # one desa cell for three people
    sheet.merge_range(1, 8, 3, 8, "Sekayu")
    book.close()
    job = upload(personas["admin"], buffer.getvalue())
    assert (job.valid, job.invalid) == (3, 0), job.first_errors


def test_title_rows_above_the_header(personas: Any) -> None:
    rows = [["DAFTAR PEKERJA RENTAN DESA SUKARAMI"], ["Tahun 2026"], HEADERS, person(1), person(2)]
    job = upload(personas["admin"], xlsx_bytes(rows, headers=None))
    assert job.valid == 2
    assert messages(job) == {}


def test_every_registry_rule_and_the_age_range(personas: Any, settings: Any) -> None:
    settings.MAX_AGE = 60
    rows = [person(i) for i in range(1, 9)]
    rows[0][2] = "A"  # name too short
    rows[1][7] = "Desa Antah"  # unknown desa
    rows[2][5] = "X"  # sex
    old = dt.date(1950, 1, 1)
    rows[3] = person(4, birth=old)  # age 76 > 60
    rows[4][9] = "Astronot"  # unknown occupation: a warning, still valid
    rows[5][1] = rows[5][1][:-4] + "0000"  # serial 0000
    rows[6][7], rows[6][8] = "Danau Cala", "Lais"  # a desa found with its kecamatan
    rows.append(person(9))
    rows[8][7] = "Antah"  # unknown desa, typed without the word Desa
    job = upload(personas["admin"], xlsx_bytes(rows))
    errors = messages(job)
    assert "Nama terlalu pendek" in errors[2]
    assert "Desa Antah tidak ada di Kecamatan Sekayu" in errors[3]  # the cell's own "Desa", not twice
    assert "Desa Desa" not in errors[3]
    assert "Jenis kelamin X tidak dikenal" in errors[4]
    assert "di luar batas program (18–60 tahun)" in errors[5]
    assert "Astronot tidak ada dalam daftar; dicatat sebagai Lainnya" in errors[6]
    assert "0000" in errors[7]
    assert "Desa/kelurahan Antah tidak ada di Kecamatan Sekayu" in errors[10]
    assert (job.valid, job.invalid) == (
        3,
        6,
    )  # the unknown occupation, the Lais desa, the untouched eighth row


def test_a_refused_row_does_not_keep_its_nik_from_a_later_correct_row(personas: Any) -> None:
    # Row 2 is refused for its name; row 4 is the same person written correctly: row 4 is the registration,
    # not "NIK sama dengan baris 2", or the person would not be registered at all.
    rows = [person(1), person(2), person(1)]
    rows[0][2] = "A"
    job = upload(personas["admin"], xlsx_bytes(rows))
    assert (job.valid, job.duplicates, job.invalid) == (2, 0, 1)
    assert "Nama terlalu pendek" in messages(job)[2]
    assert 4 not in messages(job)


def test_duplicates_in_the_file_and_in_the_registry(personas: Any) -> None:
    existing = make_worker(birth_date=dt.date(1985, 6, 7), sex="L", nik=person(2)[1])
    rows = [person(1), person(2), person(3), person(1)]
    job = upload(personas["admin"], xlsx_bytes(rows))
    assert (job.valid, job.duplicates, job.already_registered, job.invalid) == (2, 1, 1, 0)
    assert "NIK sama dengan baris 2" in messages(job)[5]
    assert Worker.objects.count() == 1
    book = python_calamine.CalamineWorkbook.from_path(job.error_report.path)
    assert book.sheet_names == ["Kesalahan", "Sudah terdaftar"]
    errors = book.get_sheet_by_name("Kesalahan").to_python()
    by_row = {int(str(r[0]).removesuffix(".0")): r for r in errors[1:]}
    assert by_row.keys() == {5}  # nothing to fix in a registered row: it is listed on its own sheet
    assert by_row[5][-2] == "Ganda di berkas"
    registered = book.get_sheet_by_name("Sudah terdaftar").to_python()
    assert registered == [["Baris", "NIK", "Nama"], [3, existing.nik, person(2)[2]]]


def test_a_file_registered_already_has_no_errors_and_lists_its_rows(personas: Any) -> None:
    rows = [person(1), person(2)]
    for row in rows:
        make_worker(birth_date=dt.date(1985, 6, 7), sex="L", nik=row[1])
    job = upload(personas["admin"], xlsx_bytes(rows))
    assert (job.valid, job.already_registered, job.invalid) == (0, 2, 0)
    book = python_calamine.CalamineWorkbook.from_path(job.error_report.path)
    errors = book.get_sheet_by_name("Kesalahan").to_python()
    assert (
        errors[1][0]
        == "Tidak ada kesalahan. Baris yang NIK-nya sudah terdaftar ada di lembar Sudah terdaftar."
    )
    registered = book.get_sheet_by_name("Sudah terdaftar").to_python()
    assert [r[:2] for r in registered[1:]] == [[2, rows[0][1]], [3, rows[1][1]]]


def test_probable_duplicate_is_flagged_but_kept(personas: Any) -> None:
    born = dt.date(1985, 6, 7)  # another person (another NIK) of the same name and birth date
    make_worker(name=person(1)[2], birth_date=born, sex="L", nik=make_nik("16.06.01", born, "L", 51))
    job = upload(personas["admin"], xlsx_bytes([person(1)]))
    assert job.valid == 1
    assert job.probable_duplicates == 1
    assert "Kemungkinan ganda" in messages(job)[2]


def test_probable_duplicates_in_the_registry_are_found_pair_by_pair(
    personas: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lindung.imports import registry

    monkeypatch.setattr(registry, "SQLITE_PAIRS", 1)  # one query per pair on SQLite: every batch is read
    born, kec = dt.date(1985, 6, 7), "16.06.01"
    # Other people (other NIKs) of the same names; the file's rows are person(1..3).
    make_worker(name=person(1)[2], birth_date=born, sex="L", nik=make_nik(kec, born, "L", 51))
    make_worker(name=person(2)[2], birth_date=born, sex="L", nik=make_nik(kec, born, "L", 52))
    other_day = dt.date(1985, 6, 8)  # same name, another day: not flagged
    make_worker(name=person(3)[2], birth_date=other_day, sex="L", nik=make_nik(kec, other_day, "L", 53))
    job = upload(personas["admin"], xlsx_bytes([person(1), person(2), person(3)]))
    assert (job.valid, job.probable_duplicates) == (3, 2)
    errors = messages(job)
    assert "Kemungkinan ganda" in errors[2] and "Kemungkinan ganda" in errors[3]
    assert 4 not in errors


def test_operator_desa_imports_only_its_desa(personas: Any) -> None:
    rows = [person(1), person(2)]
    rows[1][7], rows[1][8] = "Danau Cala", "Lais"
    job = upload(personas["desa"], xlsx_bytes(rows))
    assert job.valid == 1
    assert "di luar wilayah kerja Anda (Sukarami)" in messages(job)[3]


def test_operator_opd_imports_non_asn_of_its_agency(personas: Any, agency: Any) -> None:
    from lindung.accounts.models import Agency

    Agency.objects.create(code="DISHUB", name="Dinas Perhubungan", kabupaten_id="16.06")
    headers = [*HEADERS, "Segmen", "OPD"]
    rows = [[*person(1), "", ""], [*person(2), "non-ASN", "DISHUB"], [*person(3), "rentan", ""]]
    job = upload(personas["opd"], xlsx_bytes(rows, headers))
    errors = messages(job)
    assert job.valid == 1
    assert "bukan OPD Anda" in errors[3]
    assert "hanya dapat mengimpor pekerja non-ASN" in errors[4]


def test_non_asn_needs_an_agency_for_other_roles(personas: Any) -> None:
    rows = [[*person(1), "non-ASN", ""]]
    job = upload(personas["admin"], xlsx_bytes(rows, [*HEADERS, "Segmen", "OPD"]))
    assert "harus dicatat OPD" in messages(job)[2]


def test_desa_by_kemendagri_code(personas: Any) -> None:
    row = person(1, desa=DESA_LAIS)
    headers = ["NIK", "Nama", "Tanggal Lahir", "Jenis Kelamin", "Kode Desa"]
    job = upload(personas["admin"], xlsx_bytes([[row[1], row[2], row[4], "L", "1606022001"]], headers))
    assert job.valid == 1, job.first_errors


def test_error_report_has_the_rows_an_error_column_and_red_cells(personas: Any, tmp_path: Any) -> None:
    rows = [person(1), person(2)]
    rows[1][5] = "X"
    job = upload(personas["admin"], xlsx_bytes(rows))
    book = python_calamine.CalamineWorkbook.from_path(job.error_report.path)
    data = book.get_sheet_by_index(0).to_python()
    assert data[0][0] == "Baris" and data[0][-1] == "Keterangan"
    assert len(data) == 2
    assert data[1][0] == 3
    assert "Jenis kelamin X tidak dikenal" in str(data[1][-1])
    import zipfile

    with zipfile.ZipFile(job.error_report.path) as archive:
        styles = archive.read("xl/styles.xml").decode()
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "FFFFC7CE" in styles  # the red fill exists…
    assert '<c r="G2" s="' in sheet  # …and the sex cell (column G: Baris + 6th column) carries a style


def test_fast_name_key_agrees_with_normalize_name() -> None:
    names = [f"{a} {b}" for a in MALE + FEMALE for b in SECOND[:15]] + [
        "Muhammad Djoko",
        "M Yusuf",
        "Hj Siti",
    ]
    for name in names:
        assert name_key(name) == normalize_name(name), name


def test_make_nik_matches_factory() -> None:
    assert person(1)[1] == make_nik("16.06.01", dt.date(1985, 6, 7), "L", 1)


def test_a_nik_typed_into_an_excel_number_cell_is_refused_not_guessed(personas: Any) -> None:
    # Excel keeps 15 significant digits: a typed …0012 is stored as …0010. The row is refused with the cause.
    rows = [person(10), person(12)]
    rows[0][1] = float(rows[0][1][:15] + "0")
    job = upload(personas["admin"], xlsx_bytes(rows))
    assert job.valid == 1 and job.invalid == 1
    assert "hanya menyimpan 15 digit" in messages(job)[2]
