"""The name rules on real-looking pairs: a name written more or less fully is one name, a common word
proves little, and twins whose given names differ by a letter stay two people."""

import datetime as dt

from lindung.dedup.engine import Record, Registry
from lindung.dedup.matching import check_one, scan
from lindung.lib.nik import make_nik

from .test_rules import KK_A, KK_B, LAIS, SEKAYU, SEKAYU_B, namesakes, pairs, siti_crowd

D = dt.date


def serial_typo(nik: str) -> str:
    """The NIK with serial 0001 typed as 0401 (both real would need 400 people born that day there)."""
    return nik[:13] + "4" + nik[14:]


def test_a_name_shortened_to_an_initial_is_found():
    born = D(1983, 11, 2)
    first = Record(1, make_nik("16.06.08", born, "L", 1), "Suryana Iwan", born, SEKAYU, "L")
    again = Record(2, serial_typo(first.nik), "Suryana I.", born, SEKAYU, "L")
    reasons = pairs([first, again])[frozenset((1, 2))]
    assert "nama yang satu memuat nama yang lain (Suryana Iwan / Suryana I.)" in reasons


def test_a_name_with_a_word_dropped_is_found_when_the_word_left_is_rare():
    born = D(1986, 4, 10)
    first = Record(1, make_nik("16.06.06", born, "L", 1), "Widodo Suparman", born, SEKAYU, "L")
    again = Record(2, serial_typo(first.nik), "Widodo", born, SEKAYU, "L")
    assert frozenset((1, 2)) in pairs([first, again])


def test_a_common_word_inside_a_longer_name_proves_little():
    # Two women born one day in one kecamatan, serials 0001 and 0002; "Siti" is the name of two thousand.
    born = D(1990, 3, 5)
    first = Record(1, make_nik("16.06.01", born, "P", 1), "Siti Aminah", born, SEKAYU, "P", KK_A)
    other = Record(2, make_nik("16.06.01", born, "P", 2), "Siti", born, SEKAYU_B, "P", KK_B)
    assert frozenset((1, 2)) not in pairs([first, other, *siti_crowd(2000)])


def test_a_palembang_prefix_and_a_father_s_name_come_and_go():
    born = D(1975, 10, 9)
    first = Record(1, make_nik("16.06.01", born, "L", 1), "Kgs. Rizal bin Usman", born, SEKAYU, "L")
    again = Record(2, serial_typo(first.nik), "RIZAL", born, SEKAYU, "L")
    reasons = pairs([first, again])[frozenset((1, 2))]
    assert any(r.startswith('nama sama bila "Muhammad", gelar bangsawan') for r in reasons)


def test_a_name_in_another_word_order_with_a_nik_typo_is_found():
    born = D(1988, 1, 14)
    first = Record(1, make_nik("16.06.10", born, "P", 1), "Wartini Suroto", born, SEKAYU, "P")
    again = Record(2, serial_typo(first.nik), "Suroto Wartini", born, SEKAYU, "P")
    assert frozenset((1, 2)) in pairs([first, again])
    assert [c.b for c in check_one(again, against=Registry.from_records([first]))] == [1]


def test_a_reissued_nik_serial_is_named_as_such():
    born = D(1984, 9, 24)
    first = Record(1, make_nik("16.06.14", born, "P", 2), "Sondang Simanjuntak", born, LAIS, "P", KK_A)
    again = Record(2, first.nik[:12] + "5870", "Sondang Simanjuntak", born, LAIS, "P", KK_A)
    reasons = pairs([first, again])[frozenset((1, 2))]
    assert any(r.startswith("NIK sama kecuali nomor urut") for r in reasons)


def test_twins_whose_given_names_differ_by_a_letter_are_not_flagged_without_a_family_card():
    # One day, one desa, consecutive serials, no KK: Salsa and Salma are sisters, not a typo.
    born = D(1986, 2, 18)
    first = Record(1, make_nik("16.06.02", born, "P", 2), "Salsa Zubaidah", born, SEKAYU, "P")
    twin = Record(2, make_nik("16.06.02", born, "P", 3), "Salma Zubaidah", born, SEKAYU, "P")
    assert frozenset((1, 2)) not in pairs([first, twin])


def test_a_given_name_typo_with_a_serial_typo_is_still_found():
    # Serials 0001 and 0005 are no twins' (those are registered together, one after the other).
    born = D(1995, 6, 10)
    first = Record(1, make_nik("16.06.14", born, "L", 1), "Herman Saputra", born, SEKAYU, "L", KK_A)
    again = Record(2, make_nik("16.06.14", born, "L", 5), "Hernan Saputra", born, SEKAYU, "L", KK_A)
    assert frozenset((1, 2)) in {frozenset((c.a, c.b)) for c in scan(Registry.from_records([first, again]))}


def test_a_boy_and_a_girl_with_gendered_given_names_are_twins_whatever_their_niks():
    # The girl's NIK was issued without the 40 of a woman's day: it does not follow her record.
    born = D(1991, 3, 26)
    boy = Record(1, make_nik("16.06.10", born, "L", 4), "Rahmat Hamdan", born, SEKAYU, "L", KK_A)
    girl = Record(2, make_nik("16.06.10", born, "L", 5), "Rahmah Hamdan", born, SEKAYU, "P", KK_A)
    assert frozenset((1, 2)) not in pairs([boy, girl])


def test_names_sharing_one_rare_word_weigh_that_word_not_the_sum_of_their_words():
    # Born one day in one desa, serials 0001 and 0002: two men, one with a middle name more. The words of
    # a name go together ("Andi ... Siregar" is a naming habit), so the shared words prove no more than
    # the rarest of them.
    born = D(2002, 11, 18)
    first = Record(1, make_nik("16.06.01", born, "L", 1), "Andi Siregar", born, SEKAYU, "L", KK_A)
    other = Record(2, make_nik("16.06.01", born, "L", 2), "Andi Agus Siregar", born, SEKAYU, "L", KK_B)
    crowd = [*namesakes("Andi Pratama", 3_000), *namesakes("Rudi Siregar", 3_000)]
    assert frozenset((1, 2)) not in pairs([first, other, *crowd])


def test_muhammad_replaced_by_another_word_is_no_word_dropped():
    born = D(1961, 1, 1)
    first = Record(1, make_nik("16.06.05", born, "L", 6), "Ahmad Ramadhan", born, SEKAYU, "L")
    other = Record(2, make_nik("16.06.05", born, "L", 7), "Muhammad Ramadhan", born, SEKAYU, "L")
    assert frozenset((1, 2)) not in pairs([first, other])


def test_a_word_written_twice_is_one_word_more():
    # "Siti Siti Hartati" holds every word of "Siti Hartati" and the other way round, but one word more:
    # it weighs as a name with a word dropped, not as the same words reordered.
    born = D(2003, 9, 20)
    first = Record(1, make_nik("16.06.03", born, "P", 1), "Siti Hartati", born, SEKAYU, "P", KK_A)
    other = Record(2, make_nik("16.06.03", born, "P", 2), "Siti Siti Hartati", born, SEKAYU_B, "P", KK_B)
    assert frozenset((1, 2)) not in pairs([first, other])
