"""The NIK levels of two NIKs more than a typing error apart: what the records themselves explain is no error."""

import datetime as dt

from lindung.dedup.engine import Record, Registry
from lindung.dedup.matching import scan
from lindung.lib.nik import make_nik

D = dt.date
# What `learning.nik_part_weights` gives a registry whose serials run low: a rare serial kept counts.
LEARNT = {"nik": {"region_rare": 3.0, "date_rare": 4.7}}


def pairs(records: list[Record], weights: dict | None = None) -> set[frozenset[int]]:
    return {frozenset((c.a, c.b)) for c in scan(Registry.from_records(records, weights=weights or LEARNT))}


def test_namesakes_of_one_kecamatan_born_years_apart_with_one_low_serial_are_not_flagged():
    # Two men called Hasan Nopriansyah in Sekayu, born 1984 and 2002, each with serial 0006: their NIKs
    # differ in the birth-date digits exactly as their dates do. Serial 0006 is what many are given.
    first = Record(
        1,
        make_nik("16.06.01", D(1984, 10, 7), "L", 6),
        "Hasan Nopriansyah",
        D(1984, 10, 7),
        "16.06.01.2001",
        "L",
    )
    second = Record(
        2,
        make_nik("16.06.01", D(2002, 12, 5), "L", 6),
        "Hasan Nopriansyah",
        D(2002, 12, 5),
        "16.06.01.2001",
        "L",
    )
    assert frozenset((1, 2)) not in pairs([first, second])


def test_a_nik_retyped_to_a_mistyped_year_is_still_found():
    # The year typed 1948 for 1984 and the NIK written to follow it: dates a typing error apart.
    first = Record(
        1,
        make_nik("16.06.01", D(1984, 10, 7), "L", 6),
        "Hasan Nopriansyah",
        D(1984, 10, 7),
        "16.06.01.2001",
        "L",
    )
    second = Record(
        2,
        make_nik("16.06.01", D(1984, 10, 17), "L", 6),
        "Hasan Nopriansyah",
        D(1984, 10, 17),
        "16.06.01.2001",
        "L",
    )
    assert frozenset((1, 2)) in pairs([first, second])
