import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lindung.lib.nik import check_kk, check_nik, clean_digits, make_nik, mask_nik

KNOWN = {"16", "16.06", "16.06.01", "16.06.02"}
WOMAN = "1606014503900001"  # Sekayu, a woman born 5 March 1990
MAN = "1606020507850012"  # Lais, a man born 5 July 1985


def test_a_womans_nik_gives_her_birth_date_and_sex():
    result = check_nik(WOMAN, birth_date=dt.date(1990, 3, 5), sex="P", known_regions=KNOWN)
    assert result.ok, result.errors
    assert (result.birth_date, result.sex) == (dt.date(1990, 3, 5), "P")
    assert result.kecamatan_code == "16.06.01"


def test_a_mans_nik_is_accepted():
    result = check_nik(MAN, birth_date=dt.date(1985, 7, 5), sex="L", known_regions=KNOWN)
    assert result.ok and result.sex == "L"


def test_birth_date_must_match():
    result = check_nik(WOMAN, birth_date=dt.date(1990, 3, 6), sex="P", known_regions=KNOWN)
    assert result.errors == [
        "Tanggal lahir di NIK (05-03-1990) tidak sama dengan tanggal lahir yang diisi (06-03-1990)."
    ]


def test_sex_must_match_the_day_plus_forty():
    assert "milik perempuan" in check_nik(WOMAN, sex="L").errors[0]
    assert "milik laki-laki" in check_nik(MAN, sex="P").errors[0]


def test_impossible_encoded_date_is_refused():
    result = check_nik("1606013102900001")  # 31 February
    assert result.errors == ["NIK: tanggal lahir di dalam NIK (310290) bukan tanggal yang ada."]


def test_unknown_province_and_kabupaten_are_errors():
    assert check_nik("9906014503900001", known_regions=KNOWN).errors == [
        "Kode provinsi 99 pada NIK tidak ada dalam daftar wilayah Kemendagri; periksa NIK pada KTP."
    ]
    assert check_nik("1699014503900001", known_regions=KNOWN).errors == [
        "Kode kabupaten/kota 16.99 pada NIK tidak ada dalam daftar wilayah Kemendagri; periksa NIK pada KTP."
    ]


def test_unknown_kecamatan_under_known_kabupaten_is_only_a_warning():
    result = check_nik("1606994503900001", known_regions=KNOWN)
    assert result.ok
    assert "16.06.99" in result.warnings[0]


def test_a_nik_of_a_kabupaten_whose_kecamatan_are_not_loaded_is_valid_without_a_warning():
    # Every province and kabupaten/kota is loaded, kecamatan only for the kabupaten served (16.06).
    known = KNOWN | {"31", "31.71"}
    result = check_nik("3171014503900001", known_regions=known, kecamatan_listed={"16.06"})
    assert result.ok and result.warnings == []
    assert check_nik("1606994503900001", known_regions=known, kecamatan_listed={"16.06"}).warnings


def test_serial_0000_is_refused():
    assert "0000" in check_nik("1606014503900000").errors[0]


def test_a_number_cell_with_all_16_digits_is_read():
    # Written by a program (not typed into Excel): the last digit is not Excel's 0, so it is the real one.
    assert check_nik(1606014503900012.0).nik == "1606014503900012"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("1.60601E+15", "angka ilmiah"),
        ("1,60601E+15", "angka ilmiah"),
        ("160601450390001", "15 digit. Angka nol di depan mungkin hilang"),
        ("16060145039000011", "17 digit"),
        ("16060A4503900001", "hanya boleh berisi angka"),
        ("", "wajib diisi"),
        (None, "wajib diisi"),
        (1606014503900001.5, "pecahan"),
        (9.4e15, "digit terakhirnya bisa berubah"),
        (1606014503900010.0, "hanya menyimpan 15 digit"),  # what Excel keeps of a typed …0012
    ],
)
def test_excel_mangled_and_malformed_niks_get_a_clear_message(raw, message):
    result = check_nik(raw)
    assert not result.ok
    assert message in result.errors[0]


@pytest.mark.parametrize(
    "raw",
    [
        "1606014503900001",
        " 1606 0145 0390 0001 ",
        "1606.0145.0390.0001",
        "'1606014503900001",
        1606014503900001,
        1606014503900001.0,
        "1606014503900001.0",
    ],
)
def test_spaces_dots_numbers_and_apostrophes_are_cleaned(raw):
    assert check_nik(raw).nik == WOMAN


def test_kk_rules():
    assert check_kk("") == ("", None)
    assert check_kk("1606010101200001") == ("1606010101200001", None)
    assert check_kk("160601")[1] == "Nomor KK harus 16 digit, yang diisi 6 digit."


def test_mask_hides_the_birth_date_and_the_serial():
    # The birth date and sex (digits 7–12) are on the same screens; the serial (13–16) is the secret part.
    assert mask_nik(WOMAN) == "160601••••••••••"
    assert WOMAN[12:] not in mask_nik(WOMAN)[6:]


@given(
    st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2008, 12, 31)),
    st.sampled_from("LP"),
    st.integers(1, 9999),
)
def test_a_composed_nik_reads_back(birth, sex, serial):
    result = check_nik(
        make_nik("16.06.01", birth, sex, serial), birth_date=birth, sex=sex, known_regions=KNOWN
    )
    assert result.ok and result.birth_date == birth and result.sex == sex


@given(st.one_of(st.text(max_size=40), st.integers(), st.floats(), st.none()))
def test_any_input_gives_a_result_not_an_exception(raw):
    result = check_nik(raw)
    assert result.ok or result.errors
    _digits, problem = clean_digits(raw)
    assert problem is None or isinstance(problem, str)
