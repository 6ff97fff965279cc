"""Name levels and NIK weights read from the registry: two typing errors in a long name, a bare "M." as an
initial, a shared word, how high a deployment's serials run, and namesakes whose serials agree by chance."""

import datetime as dt
import random

import numpy as np

from lindung.dedup.engine import Record, Registry
from lindung.dedup.learning import nik_part_weights
from lindung.dedup.matching import scan
from lindung.dedup.namecodes import NAME_CODES, WORD_RANGE
from lindung.dedup.nikstats import serial_shares
from lindung.dedup.scoring import compare
from lindung.lib.nik import make_nik

D = dt.date
SEKAYU, SEKAYU_B, LAIS = "16.06.01.2001", "16.06.01.2002", "16.06.02.2001"


def found(records: list[Record], weights=None) -> set[frozenset[int]]:
    reg = Registry.from_records(records, weights=weights)
    return {frozenset((c.a, c.b)) for c in scan(reg)}


def name_code(a: str, b: str) -> str:
    born = D(1980, 5, 1)
    reg = Registry.from_records(
        [
            Record(1, make_nik("16.06.01", born, "L", 11), a, born, SEKAYU, "L"),
            Record(2, make_nik("16.06.02", D(1970, 2, 2), "L", 12), b, D(1970, 2, 2), LAIS, "L"),
        ]
    )
    return NAME_CODES[compare(reg, np.asarray([0]), np.asarray([1])).name[0]]


def test_a_long_name_with_a_typo_on_each_record_and_a_reissued_serial_is_found():
    # "Fitriani Utami" registered twice, each form with its own letter wrong; the second card a new serial.
    born = D(1969, 11, 13)
    a = Record(1, make_nik("16.06.01", born, "P", 22), "FITRIANI UTEMI", born, SEKAYU, "P",
               address="Dusun III RT 9 RW 1")  # fmt: skip
    b = Record(2, make_nik("16.06.01", born, "P", 180), "Fidriani Utami", born, SEKAYU, "P",
               address="DUSUN III RT.9/RW.1")  # fmt: skip
    assert name_code(a.name, b.name) == "similar"
    assert frozenset((1, 2)) in found([a, b])


def test_short_names_two_letters_apart_are_two_names():
    assert name_code("Hilta", "Helda") not in {"similar", "typo"}
    assert name_code("Rina Sari", "Rena Sero") != "similar"


def test_a_bare_m_is_an_initial_and_muhammad_written_out_is_not():
    assert name_code("WIRDA M.", "Wirda Mustofa") == "subset"
    assert name_code("M. Siregar", "Mahdi Siregar") == "subset"
    # Written out, Muhammad is a word: not the initial of Mahdi.
    assert name_code("Muhammad Rizki", "Mahdi Rizki") != "subset"


def test_regional_titles_do_not_change_the_name():
    assert name_code("Dt. Ganep Langgeng Usada", "Ganep Langgeng Usada") in {"core", "normalised"}
    assert name_code("R.M. Ira Tari", "Ira Tari") in {"core", "normalised"}
    assert name_code("drg. Fathonah Maryati", "Fathonah Maryati") in {"core", "normalised"}


def test_a_shared_rare_word_is_weaker_evidence_of_two_people_than_a_common_one():
    born = D(1982, 8, 30)
    records = [
        Record(1, make_nik("16.06.01", born, "L", 11), "Hendra Toseland", born, SEKAYU, "L"),
        Record(2, make_nik("16.06.02", born, "L", 12), "Liam Toseland", born, LAIS, "L"),
        Record(3, make_nik("16.06.01", born, "P", 13), "Siti Aminah", born, SEKAYU, "P"),
        Record(4, make_nik("16.06.02", born, "P", 14), "Siti Rahma", born, LAIS, "P"),
    ]
    # Word counts of the whole registry: "Siti" is in thousands of names, "Toseland" in these two.
    reg = Registry.from_records(records, word_counts={"siti": 5000, "toseland": 2})
    cmp = compare(reg, np.asarray([0, 2]), np.asarray([1, 3]))
    assert [NAME_CODES[c] for c in cmp.name] == ["word", "word"]
    rare, common = cmp.parts["name"]
    assert WORD_RANGE[0] <= common < rare <= WORD_RANGE[1]


def test_twins_sharing_the_family_word_stay_two_people():
    born = D(1975, 7, 28)
    kk = "1606020111119440"
    a = Record(1, make_nik("16.06.02", born, "L", 20), "Bakijan Wasita", born, SEKAYU, "L", kk)
    b = Record(2, make_nik("16.06.02", born, "L", 21), "Pranawa Wasita", born, SEKAYU, "L", kk)
    reg = Registry.from_records([a, b])
    assert NAME_CODES[compare(reg, np.asarray([0]), np.asarray([1])).name[0]] == "different"
    assert frozenset((1, 2)) not in found([a, b])


def test_a_serial_typo_proves_less_where_the_registrys_serials_run_high():
    born = D(1975, 7, 28)
    a = Record(1, make_nik("16.06.02", born, "L", 20), "Bakijan", born, SEKAYU, "L")
    b = Record(2, make_nik("16.06.02", born, "L", 21), "Bakijan", born, SEKAYU, "L")
    low = serial_shares(np.asarray([1] * 95 + [2] * 4 + [30]))
    high = serial_shares(np.arange(1, 51))
    weight = {}
    for name, shares in (("low", low), ("high", high)):
        reg = Registry.from_records([a, b], weights={"serials": shares})
        weight[name] = compare(reg, np.asarray([0]), np.asarray([1])).parts["nik"][0]
    assert weight["high"] < weight["low"] - 2


def spread_people(count: int, serials: int, seed: int = 3) -> list[Record]:
    rng = random.Random(seed)
    out = []
    for pk in range(1, count + 1):
        born = D(1965, 1, 1) + dt.timedelta(days=rng.randrange(16_000))
        kec = 1 + rng.randrange(15)
        nik = make_nik(f"16.06.{kec:02d}", born, "L", 1 + rng.randrange(serials))
        out.append(Record(pk, nik, f"Orang {pk}", born, f"16.06.{kec:02d}.2001", "L"))
    return out


def test_a_serial_shared_across_kecamatan_proves_little_where_serials_run_low():
    # Two men called Gandi Laksita born on 17 April 1977, one in kecamatan 14 and one in 07, both with
    # serial 0037. Where a deployment's serials run 1-50 that is chance (a namesake); where they run to 9000
    # it is the NIK copied with the kecamatan digits changed.
    born = D(1977, 4, 17)
    a = Record(90_001, make_nik("16.06.14", born, "L", 37), "Gandi Laksita", born, "16.06.14.2008", "L")
    b = Record(90_002, make_nik("16.06.07", born, "L", 37), "Gandi Laksita", born, "16.06.07.2021", "L")
    weight = {}
    for serials in (50, 9000):
        reg = Registry.from_records([*spread_people(3000, serials), a, b])
        reg.weights = {"nik": nik_part_weights(reg)}
        weight[serials] = compare(reg, np.asarray([reg.n - 2]), np.asarray([reg.n - 1])).parts["nik"][0]
    assert weight[50] <= 2.0
    assert weight[9000] > weight[50] + 2


def compared(a: Record, b: Record) -> bool:
    from lindung.dedup.blocking import candidate_pairs

    i, j = candidate_pairs(Registry.from_records([a, b]))
    return (0, 1) in set(zip(i.tolist(), j.tolist(), strict=True))


def test_a_placeholder_date_with_its_nik_retyped_is_compared_by_desa_and_year():
    # 1 January written for an unknown date, the NIK typed to follow it (new serial), a letter changed.
    a = Record(1, "1606051109770149", "Wawan Prasetyo", D(1977, 9, 11), "16.06.05.2007", "L")
    b = Record(2, "1606050101770001", "Wewan Prasetyo", D(1977, 1, 1), "16.06.05.2007", "L")
    assert compared(a, b)
    # Another desa: not by this key.
    assert not compared(a, Record(2, b.nik, b.name, b.birth_date, "16.06.05.2008", "L"))


def test_day_and_month_swapped_with_the_nik_retyped_is_compared_by_desa_and_serial():
    # The kecamatan digits swapped too: only the desa, the serial 0024 and the name are left in common.
    a = Record(1, "1606140503740024", "AKERSANA PRANOWO", D(1974, 3, 5), "16.06.14.2004", "L")
    b = Record(2, "1606410305740024", "Akarsana Pranowo", D(1974, 5, 3), "16.06.14.2004", "L")
    assert compared(a, b)


def test_a_nik_retyped_to_a_placeholder_date_is_no_wholly_other_nik():
    from lindung.dedup.contacts import LEVELS

    # Wawan Prasetyo, born 11 September 1977; the second form says 1 January 1977 and its NIK follows it.
    a = Record(1, "1606051109770149", "Wawan Prasetyo", D(1977, 9, 11), "16.06.05.2007", "L")
    b = Record(2, "1606050101770001", "Wawan Prasetyo", D(1977, 1, 1), "16.06.05.2007", "L")
    cmp = compare(Registry.from_records([a, b]), np.asarray([0]), np.asarray([1]))
    assert LEVELS["nik"][cmp.contact["nik"][0]] == "retyped"
    assert frozenset((1, 2)) in found([a, b])
    # Born in March, not on a placeholder date: a NIK apart.
    c = Record(2, "1606050503770001", "Wawan Prasetyo", D(1977, 3, 5), "16.06.05.2007", "L")
    cmp = compare(Registry.from_records([a, c]), np.asarray([0]), np.asarray([1]))
    assert LEVELS["nik"][cmp.contact["nik"][0]] == "apart"
