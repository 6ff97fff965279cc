"""The pure engine: every kind of variant is found, look-alike different people are not."""

import datetime as dt

import pytest

from lindung.dedup.engine import DEFAULT_THRESHOLD, Record, Registry
from lindung.dedup.matching import check_one, nik_variants, scan

D = dt.date
SEKAYU_A, SEKAYU_B, LAIS = "16.06.01.2001", "16.06.01.2002", "16.06.02.2001"

# A small registry of people who are all different, with common names, the same dates, neighbouring NIKs.
BACKGROUND = [
    Record(1, "1606014503900001", "Siti Aminah", D(1990, 3, 5), SEKAYU_A, "P", "1606010101100001"),
    Record(2, "1606010512850001", "Muhammad Rizki Pratama", D(1985, 12, 5), SEKAYU_A, "L"),
    Record(3, "1606015708800001", "Nurhayati", D(1980, 8, 17), SEKAYU_B, "P"),
    Record(4, "1606011506750001", "Soekarno Hadi", D(1975, 6, 15), SEKAYU_A, "L"),
    Record(5, "1606016201920001", "Hj. Fatimah Azzahra", D(1992, 1, 22), SEKAYU_B, "P"),
    Record(6, "1606012003880001", "Joko Susilo", D(1988, 3, 20), SEKAYU_A, "L"),
    Record(7, "1606020404950001", "Rahmat Hidayat", D(1995, 4, 4), LAIS, "L"),
    Record(8, "1606014101700001", "Siti", D(1970, 1, 1), SEKAYU_A, "P"),
    Record(9, "1606024304710001", "Siti", D(1971, 4, 3), LAIS, "P"),
    Record(10, "1606021002910001", "Ahmad Yani", D(1991, 2, 10), LAIS, "L"),
]

VARIANTS = {
    "NIK beda satu digit": Record(101, "1606014503900071", "Siti Aminah", D(1990, 3, 5), SEKAYU_A, "P"),
    "NIK dua digit bertukar": Record(
        102, "1606015012850001", "Muhammad Rizki Pratama", D(1985, 12, 5), SEKAYU_A, "L"
    ),
    "Muhammad ditulis Moh.": Record(
        103, "1606010512850011", "Moh. Rizki Pratama", D(1985, 12, 5), SEKAYU_A, "L"
    ),
    "Muhammad ditulis Mochammad": Record(
        104, "1606010512850021", "Mochammad Rizky Pratama", D(1985, 12, 5), SEKAYU_A, "L"
    ),
    "ejaan lama": Record(105, "1606011506750011", "Sukarno Hadi", D(1975, 6, 15), SEKAYU_A, "L"),
    "ejaan lama dj": Record(106, "1606012003880011", "Djoko Susilo", D(1988, 3, 20), SEKAYU_A, "L"),
    "gelar hilang": Record(107, "1606016201920011", "Fatimah Azzahra, S.Pd.", D(1992, 1, 22), SEKAYU_B, "P"),
    "nama dipisah": Record(108, "1606015708800011", "Nur Hayati", D(1980, 8, 17), SEKAYU_B, "P"),
    "salah ketik satu huruf": Record(109, "1606020404950011", "Rahmat Hidayar", D(1995, 4, 4), LAIS, "L"),
    "tanggal lahir hampir sama": Record(110, "1606021002910011", "Ahmad Yani", D(1991, 2, 11), LAIS, "L"),
    "pindah desa": Record(111, "1606021002910002", "Ahmad Yani", D(1991, 2, 10), SEKAYU_A, "L"),
}
ORIGINAL = {
    "NIK beda satu digit": 1,
    "NIK dua digit bertukar": 2,
    "Muhammad ditulis Moh.": 2,
    "Muhammad ditulis Mochammad": 2,
    "ejaan lama": 4,
    "ejaan lama dj": 6,
    "gelar hilang": 5,
    "nama dipisah": 3,
    "salah ketik satu huruf": 7,
    "tanggal lahir hampir sama": 10,
    "pindah desa": 10,
}


@pytest.fixture
def registry():
    return Registry.from_records(BACKGROUND)


@pytest.mark.parametrize("kind", list(VARIANTS))
def test_every_kind_of_variant_is_found_by_check_one(registry, kind):
    found = check_one(VARIANTS[kind], against=registry)
    assert found, kind
    assert found[0].b == ORIGINAL[kind]
    assert found[0].score >= DEFAULT_THRESHOLD


@pytest.mark.parametrize("kind", list(VARIANTS))
def test_every_kind_of_variant_is_found_by_the_scan(kind):
    reg = Registry.from_records([*BACKGROUND, VARIANTS[kind]])
    pairs = {(c.a, c.b) for c in scan(reg)}
    original, variant = ORIGINAL[kind], VARIANTS[kind].id
    assert (min(original, variant), max(original, variant)) in pairs or (variant, original) in pairs


def test_reasons_say_why_in_indonesian(registry):
    (best, *_rest) = check_one(VARIANTS["Muhammad ditulis Moh."], against=registry)
    assert "NIK beda satu digit (digit ke-15)" in best.reasons
    assert "nama sama setelah dinormalkan (Moh. → Muhammad)" in best.reasons
    assert "tanggal lahir sama" in best.reasons and "desa sama" in best.reasons
    (swap, *_rest) = check_one(VARIANTS["NIK dua digit bertukar"], against=registry)
    assert "dua digit NIK bertukar tempat (digit ke-7 dan ke-8)" in swap.reasons
    (split, *_rest) = check_one(VARIANTS["nama dipisah"], against=registry)
    assert "nama sama bila spasi diabaikan (Nur Hayati / Nurhayati)" in split.reasons
    (moved, *_rest) = check_one(VARIANTS["pindah desa"], against=registry)
    assert "desa di kecamatan lain (mungkin pindah)" in moved.reasons


def test_twins_are_not_flagged(registry):
    # Same KK, same birth date, same desa, NIK serials one apart: different first names.
    twin = Record(201, "1606014503900002", "Siti Aisyah", D(1990, 3, 5), SEKAYU_A, "P", "1606010101100001")
    assert check_one(twin, against=registry) == []
    assert next(c for c in check_one(twin, against=registry, threshold=0.0) if c.b == 1).score < 0.2


def test_two_sitis_with_other_dates_and_desa_are_not_flagged(registry):
    pairs = scan(registry)
    assert not [c for c in pairs if {c.a, c.b} == {8, 9}]
    other_siti = Record(202, "1606025507820003", "Siti", D(1982, 7, 15), LAIS, "P")
    assert check_one(other_siti, against=registry) == []


def test_a_one_digit_nik_that_follows_another_birth_date_is_not_a_typo(registry):
    # Two Siti, NIKs one digit apart because their birth years differ by ten: two people.
    other = Record(203, "1606014101800001", "Siti", D(1980, 1, 1), SEKAYU_A, "P")
    assert check_one(other, against=registry) == []


def test_nik_variants_cover_changed_and_swapped_digits():
    variants = nik_variants("1606014503900001")
    assert "1606014503900002" in variants  # one digit changed
    assert "1606010543900001" not in variants
    assert "1606015403900001" in variants  # neighbours swapped
    assert "1606014503900001" not in variants
    assert len(variants) == 16 * 9 + sum(
        1 for a, b in zip("1606014503900001", "606014503900001", strict=False) if a != b
    )
    assert nik_variants("12345") == []


def test_bad_records_do_not_break_the_engine():
    odd = [
        Record(1, "", "", None, ""),
        Record(2, "16060145039000", "Siti", None, "16.06"),
        Record(3, "abcdefghijklmnop", "Hj.", D(1990, 1, 1), SEKAYU_A, "X"),
    ]
    reg = Registry.from_records(odd)
    assert isinstance(scan(reg, threshold=0.0), list)
    assert check_one(Record(9, "", "", None, ""), against=reg) == []


def test_scoring_in_two_processes_finds_what_one_finds(monkeypatch):
    from lindung.dedup import matching
    from lindung.dedup.blocking import candidate_pairs

    reg = Registry.from_records([*BACKGROUND, *VARIANTS.values()])
    monkeypatch.setattr(matching, "CHUNK", 5)
    assert len(candidate_pairs(reg)[0]) > 2 * matching.CHUNK  # several chunks, so the pool is used

    def found(processes):
        return [(c.a, c.b, c.score, c.reasons) for c in scan(reg, processes=processes)]

    alone = found(1)
    assert len(alone) >= len(VARIANTS)
    assert found(2) == alone
