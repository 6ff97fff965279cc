"""The NIK levels of two NIKs more than a typing error apart: what the records themselves explain is no error."""

import datetime as dt

from lindung.dedup.blocking import candidate_pairs
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


def lili(pk: int, kecamatan: str, serial: int) -> Record:
    """A woman called Lili Prastuti born on 5 October 1980, living in the kecamatan her NIK names."""
    born = D(1980, 10, 5)
    return Record(
        pk,
        make_nik(kecamatan, born, "P", serial),
        "Lili Prastuti",
        born,
        f"{kecamatan}.2001",
        "P",
        birth_place="Sekayu",
        occupation="PETANI",
    )


def test_namesakes_born_one_day_each_in_the_kecamatan_of_their_own_nik_are_not_flagged():
    # 16.06.12…0004 living in 16.06.12 and 16.06.05…0017 living in 16.06.05: two women's NIKs.
    assert frozenset((1, 2)) not in pairs([lili(1, "16.06.12", 4), lili(2, "16.06.05", 17)])


def test_niks_written_from_the_address_say_nothing_about_two_kecamatan():
    # Where every record's NIK names its own kecamatan (the weights say no one lives elsewhere), the NIK was
    # written from the address and the difference is no evidence of two people.
    weights = {**LEARNT, "nik_homes": {"away": 0.0}}
    assert frozenset((1, 2)) in pairs([lili(1, "16.06.12", 4), lili(2, "16.06.05", 17)], weights)


def test_a_small_registry_read_whole_says_itself_whether_niks_name_the_kecamatan_people_live_in():
    # A pilot of 150 workers, every one living in the kecamatan their NIK names: scanned whole, the registry
    # shows NIKs written from the address, and the two Lili Prastuti are compared as one person. The same
    # records as a sample (one applicant's candidates) say nothing about the registry: the rule stands.
    others = [
        Record(
            10 + k,
            make_nik(f"16.06.{k % 14 + 1:02d}", D(1970 + k % 30, k % 12 + 1, k % 28 + 1), "L", k + 1),
            f"Pekerja Nomor {k}",
            D(1970 + k % 30, k % 12 + 1, k % 28 + 1),
            f"16.06.{k % 14 + 1:02d}.2001",
            "L",
        )
        for k in range(148)
    ]
    records = [lili(1, "16.06.12", 4), lili(2, "16.06.05", 17), *others]
    whole = Registry.from_records(records, weights=LEARNT, whole=True)
    assert whole.nik_away == 0.0
    assert frozenset((1, 2)) in {frozenset((c.a, c.b)) for c in scan(whole)}
    assert Registry.from_records(records, weights=LEARNT).nik_away is None
    assert frozenset((1, 2)) not in pairs(records)


# Contact weights as a registry like the field's estimates them: another phone, address or occupation
# counts against one person.
FIELD = {
    "nik": {"region_rare": 1.5},
    "phone": {"same": 4.5, "other": -1.3},
    "address": {"none": -1.1},
    "job": {"same": 2.4, "other": -1.6},
}


def test_namesakes_born_one_day_with_one_serial_each_in_the_kecamatan_of_their_own_nik_are_not_flagged():
    # Dewi Yulia 16.06.12…0040 in 16.06.12 and Dewi Yulia 16.06.07…0040 in 16.06.07, other phones, other
    # addresses, occupations and birth places: the serial kept is a coincidence the kecamatan explain.
    first = lili(1, "16.06.12", 40)
    second = lili(2, "16.06.07", 40)
    first.phone, first.address, first.occupation = "081148927822", "Jl. Merdeka 4", "PETANI"
    second.phone, second.address, second.occupation = "085231590330", "Dusun II Sukamaju", "PEDAGANG"
    second.birth_place = "Palembang"
    assert frozenset((1, 2)) not in pairs([first, second], FIELD)


def test_a_nik_whose_kecamatan_was_rewritten_after_a_move_is_found_by_its_serial_and_phone():
    first = lili(1, "16.06.12", 40)
    second = lili(2, "16.06.07", 40)
    first.phone = second.phone = "081148927822"
    assert frozenset((1, 2)) in pairs([first, second], FIELD)


def test_a_boy_and_a_girl_born_together_stay_apart_where_a_rare_serial_is_learnt():
    # Dwi Arpan and Dwita Arpan, twins with serial 0182: their NIKs differ only by the 40 on a girl's day,
    # which is no mistyped day digit however rare the serial they share.
    born = D(1993, 12, 31)
    boy = Record(1, make_nik("16.06.02", born, "L", 182), "Dwi Arpan", born, "16.06.02.2007", "L")
    girl = Record(2, make_nik("16.06.02", born, "P", 182), "Dwita Arpan", born, "16.06.02.2007", "P")
    assert frozenset((1, 2)) not in pairs([boy, girl])


def test_a_reissued_nik_counts_the_birth_date_once_in_full():
    # Najwa Rahmi Nuraini, born 18 February 1974 in Sekayu, under serial 0022 and again under a reissued
    # 0135, the name mistyped once, on two family cards: the NIKs' equal date digits follow from the equal
    # birth dates, so the date is counted once, in full, and the NIK weighs only the other serial.
    born = D(1974, 2, 18)
    first = Record(
        1,
        make_nik("16.06.01", born, "P", 22),
        "Najwa Rahmi Nuraini",
        born,
        "16.06.01.2001",
        "P",
        "1606010101100001",
    )
    second = Record(
        2,
        make_nik("16.06.01", born, "P", 135),
        "Najwa Rahmi Nureini",
        born,
        "16.06.01.2002",
        "P",
        "1606010202110002",
    )
    assert frozenset((1, 2)) in pairs([first, second])


def compared(records: list[Record]) -> set[frozenset[int]]:
    """The pairs the blocking proposes for scoring, by id."""
    reg = Registry.from_records(records)
    left, right = candidate_pairs(reg)
    return {frozenset((int(reg.ids[a]), int(reg.ids[b]))) for a, b in zip(left, right, strict=True)}


def test_a_mistyped_year_and_a_mistyped_name_in_one_desa_are_compared():
    # Jayadi Nasab born 13 November 1987, again as Jayadi Nasap born 1988 with the NIK written to follow and
    # another serial: no NIK, date or name key joins them, the desa with the day and month does.
    first = Record(
        1,
        make_nik("16.06.10", D(1987, 11, 13), "L", 40),
        "Jayadi Nasab",
        D(1987, 11, 13),
        "16.06.10.2004",
        "L",
    )
    second = Record(
        2,
        make_nik("16.06.10", D(1988, 11, 13), "L", 45),
        "Jayadi Nasap",
        D(1988, 11, 13),
        "16.06.10.2004",
        "L",
    )
    assert frozenset((1, 2)) in compared([first, second])


def test_a_one_word_name_mistyped_in_its_third_letter_is_compared_within_its_desa_and_birth_date():
    born = D(1986, 12, 4)
    first = Record(1, make_nik("16.06.31", born, "L", 9018), "Datap", born, "16.06.01.2007", "L")
    second = Record(2, make_nik("16.06.01", born, "L", 18), "Dadap", born, "16.06.01.2007", "L")
    assert frozenset((1, 2)) in compared([first, second])
