"""One test per matching rule, on real-looking pairs: the duplicate is found, the look-alike person is not."""

import datetime as dt

from lindung.dedup.engine import Record, Registry
from lindung.dedup.matching import check_one, scan
from lindung.lib.nik import make_nik

D = dt.date
SEKAYU, SEKAYU_B, LAIS, SUNGAI_LILIN = "16.06.01.2001", "16.06.01.2002", "16.06.02.2001", "16.06.07.2001"
KK_A, KK_B, KK_C = "1606010101100001", "1606010202110002", "1606020303120003"


def pairs(records: list[Record]) -> dict[frozenset[int], list[str]]:
    """The pairs the scan proposes, with their reasons."""
    return {frozenset((c.a, c.b)): c.reasons for c in scan(Registry.from_records(records))}


def siti_crowd(count: int) -> list[Record]:
    """Many women called Siti, born on other days and in other desa: it makes "Siti" a common name."""
    return [
        Record(
            9000 + k,
            make_nik("16.06.03", D(1960, 1, 1) + dt.timedelta(days=97 * k), "P", 1),
            "Siti",
            D(1960, 1, 1) + dt.timedelta(days=97 * k),
            "16.06.03.2001",
            "P",
        )
        for k in range(count)
    ]


def namesakes(name: str, count: int) -> list[Record]:
    """Men of one name born on other days from 1940 on, in Sungai Lilin."""
    days = [D(1940, 1, 1) + dt.timedelta(days=k) for k in range(count)]
    return [
        Record(20_000 + k, make_nik("16.06.07", d, "L", 1), name, d, SUNGAI_LILIN, "L")
        for k, d in enumerate(days)
    ]


def test_a_serial_typo_too_high_for_a_neighbour_is_found():
    # 0001 and 0401: both real only if four hundred people were born that day in one kecamatan.
    born = D(1990, 3, 5)
    first = Record(1, make_nik("16.06.01", born, "P", 1), "Siti", born, SEKAYU, "P", KK_A)
    typo = Record(2, make_nik("16.06.01", born, "P", 401), "Siti", born, SEKAYU_B, "P", KK_B)
    assert frozenset((1, 2)) in pairs([first, typo])


def test_two_namesakes_with_neighbouring_serials_are_not_flagged():
    # 0001 and 0002: what two women called Siti, born the same day in Sekayu, look like.
    born = D(1990, 3, 5)
    first = Record(1, make_nik("16.06.01", born, "P", 1), "Siti", born, SEKAYU, "P", KK_A)
    second = Record(2, make_nik("16.06.01", born, "P", 2), "Siti", born, SEKAYU_B, "P", KK_B)
    assert frozenset((1, 2)) not in pairs([first, second])


def test_namesakes_born_one_day_in_two_kecamatan_a_digit_apart_are_not_flagged():
    # Kecamatan 16.06.11 and 16.06.14 both exist and both issue serial 0003 for a day: two men called
    # Muhammad Pratama born on 6 August 1961 there, one of them now living in the other kecamatan.
    born = D(1961, 8, 6)
    crowd = [
        Record(100 + k, make_nik("16.06.05", born, "L", k + 1), "Agus", born, "16.06.05.2001", "L")
        for k in range(30)
    ]  # a registry where many people share this birth date: low serials are the rule, not the exception
    crowd.append(
        Record(99, make_nik("16.06.14", D(1970, 1, 2), "P", 1), "Rina", D(1970, 1, 2), "16.06.14.2001")
    )
    crowd += namesakes("Muhammad Pratama", 3000)  # a common name
    first = Record(
        1, make_nik("16.06.11", born, "L", 3), "Muhammad Pratama", born, "16.06.11.2014", "L", KK_A
    )
    other = Record(
        2, make_nik("16.06.14", born, "L", 3), "Muhammad Pratama", born, "16.06.11.2026", "L", KK_B
    )
    assert frozenset((1, 2)) not in pairs([*crowd, first, other])


def test_a_kecamatan_typo_with_a_serial_few_kecamatan_reach_is_found():
    born = D(1961, 8, 6)
    first = Record(
        1, make_nik("16.06.11", born, "L", 57), "Muhammad Pratama", born, "16.06.11.2014", "L", KK_A
    )
    typo = Record(
        2, make_nik("16.06.14", born, "L", 57), "Muhammad Pratama", born, "16.06.11.2014", "L", KK_B
    )
    assert frozenset((1, 2)) in pairs([first, typo])


def test_a_serial_typo_to_a_serial_rare_for_the_day_is_found():
    # 0001 and 0006: six women of one day in one kecamatan would be unusual; a typed 6 for a 1 is not.
    born = D(1990, 3, 5)
    first = Record(1, make_nik("16.06.01", born, "P", 1), "Siti Aminah", born, SEKAYU, "P")
    typo = Record(2, make_nik("16.06.01", born, "P", 6), "Siti Aminah", born, SEKAYU, "P")
    assert frozenset((1, 2)) in pairs([first, typo])


def test_two_swapped_serial_digits_with_the_same_name_are_found():
    born = D(1985, 12, 5)
    first = Record(1, make_nik("16.06.01", born, "L", 1), "Muhammad Rizki Pratama", born, SEKAYU, "L")
    swapped = Record(2, make_nik("16.06.01", born, "L", 10), "Muhammad Rizki Pratama", born, SEKAYU, "L")
    reasons = pairs([first, swapped])[frozenset((1, 2))]
    assert "dua digit NIK bertukar tempat (digit ke-15 dan ke-16)" in reasons


def test_a_nik_that_cannot_exist_is_the_typo_even_with_a_misspelt_short_name():
    born = D(1964, 7, 29)
    siti = Record(1, make_nik("16.06.12", born, "P", 1), "Siti", born, SEKAYU, "P", KK_A)
    # "6907" became "6097": month 97 does not exist.
    typo = Record(2, "1606126097640001", "Seti", born, SEKAYU, "P", KK_A)
    reasons = pairs([*siti_crowd(30), siti, typo])[frozenset((1, 2))]
    assert any(
        r.startswith("salah satu NIK tidak mungkin ada (digit tanggal lahirnya (609764)") for r in reasons
    )
    assert "nama mirip, kemungkinan salah ketik (Siti / Seti)" in reasons


def test_two_common_short_names_one_letter_apart_stay_two_names():
    rina = [Record(100 + k, "", "Rina", D(1970, 1, 1) + dt.timedelta(days=k), LAIS, "P") for k in range(25)]
    rini = [Record(200 + k, "", "Rini", D(1980, 1, 1) + dt.timedelta(days=k), LAIS, "P") for k in range(25)]
    born = D(1992, 1, 22)
    a = Record(1, make_nik("16.06.01", born, "P", 1), "Rina", born, SEKAYU, "P", KK_A)
    b = Record(2, make_nik("16.06.01", born, "P", 2), "Rini", born, SEKAYU, "P", KK_A)
    found = check_one(b, against=Registry.from_records([*rina, *rini, a]), threshold=0.0)
    assert "nama berbeda" in next(c for c in found if c.b == 1).reasons
    assert not [c for c in found if c.b == 1 and c.score >= 0.5]


def test_the_birth_date_in_the_nik_corrects_a_mistyped_birth_date():
    # Both NIKs say 15-11-1994; the second record has 2004 typed as its birth year.
    nik_date = D(1994, 11, 15)
    first = Record(1, make_nik("16.06.14", nik_date, "L", 1), "Muhammad Santoso", nik_date, SEKAYU, "L", KK_A)
    second = Record(
        2, make_nik("16.06.14", nik_date, "L", 3), "Muhammad Santoso", D(2004, 11, 15), SEKAYU, "L"
    )
    reasons = pairs([first, second])[frozenset((1, 2))]
    assert (
        "tanggal lahir berbeda (15-11-1994 / 15-11-2004), tetapi kedua NIK memuat tanggal yang sama"
        in reasons
    )


def test_a_mistyped_date_witnessed_by_a_nik_one_digit_off_is_found_even_for_a_common_name():
    # The copy has both a NIK typo ("1606…" became "1676…") and a birth date one day off; its NIK still
    # carries 28-06-1988, the first record's date. Two namesakes whose records contradict their own NIKs are
    # rare; a duplicate with a date typo is not. (20,000 namesakes: as common as the commonest full names.)
    born = D(1988, 6, 28)
    first = Record(
        1, make_nik("16.06.04", born, "L", 1), "Muhammad Siregar", born, "16.06.04.2003", "L", KK_A
    )
    copy = Record(2, "1676" + first.nik[4:], "Muhammad Siregar", D(1988, 6, 29), "16.06.04.2008", "L", KK_B)
    reasons = pairs([*namesakes("Muhammad Siregar", 20_000), first, copy])[frozenset((1, 2))]
    assert "NIK beda satu digit (digit ke-3)" in reasons


def test_two_people_of_a_rare_name_born_one_day_with_their_own_niks_are_not_flagged():
    # Each NIK follows its own record (date, sex, the kecamatan it lives in) and they are two typing errors
    # apart: a duplicate's wrong NIK (another card, the KK typed in) would hardly fit its record so well.
    born = D(1978, 7, 12)
    a = Record(1, make_nik("16.06.10", born, "P", 2), "Siti Sri Triana", born, "16.06.10.2012", "P", KK_A)
    b = Record(2, make_nik("16.06.12", born, "P", 1), "Siti Sri Triana", born, "16.06.12.2001", "P", KK_B)
    assert frozenset((1, 2)) not in pairs([a, b])


def test_a_birth_year_one_off_is_near():
    born = D(1989, 12, 17)
    first = Record(1, make_nik("16.06.03", born, "L", 1), "Syamsul Hasan", born, SEKAYU, "L")
    later = D(1990, 12, 17)
    second = Record(2, make_nik("16.06.03", later, "L", 1), "Syamsul Hasan", later, SEKAYU, "L")
    reasons = pairs([first, second])[frozenset((1, 2))]
    assert "tanggal lahir hampir sama (17-12-1989 / 17-12-1990)" in reasons


def test_twins_who_share_a_name_part_are_not_flagged():
    # Same KK, birth date, desa; NIK serials 0001 and 0002; one name inside the other.
    born = D(1960, 9, 2)
    first = Record(1, make_nik("16.06.10", born, "P", 1), "Siti Wati", born, SEKAYU, "P", KK_A)
    twin = Record(2, make_nik("16.06.10", born, "P", 2), "Rahma Siti Wati", born, SEKAYU, "P", KK_A)
    assert frozenset((1, 2)) not in pairs([first, twin])
    assert check_one(twin, against=Registry.from_records([first])) == []


def test_the_same_person_on_another_family_card_is_still_found():
    born = D(1982, 9, 16)
    first = Record(1, make_nik("16.06.12", born, "P", 1), "Nur Handayani", born, SEKAYU, "P", KK_A)
    moved = Record(2, make_nik("16.06.12", born, "P", 1), "Nur Handayani", born, SEKAYU_B, "P", KK_B)
    reasons = pairs([first, moved])[frozenset((1, 2))]
    assert "NIK sama" in reasons and "nomor KK berbeda" in reasons


def test_a_family_card_number_typed_as_nik_is_no_nik():
    born = D(1977, 8, 2)
    first = Record(1, make_nik("16.06.02", born, "L", 1), "Agus Setiawan", born, LAIS, "L", KK_C)
    typed = Record(2, KK_C, "Agus Setiawan", born, LAIS, "L", KK_C)
    reasons = pairs([first, typed])[frozenset((1, 2))]
    assert "NIK yang satu sama dengan nomor KK: nomor KK terketik sebagai NIK" in reasons
    assert "NIK berbeda" not in reasons


def test_a_wrong_nik_and_a_typo_at_the_start_of_the_name_are_found_by_date_and_name_ending():
    born = D(2004, 10, 31)
    first = Record(1, make_nik("16.06.12", born, "P", 1), "Halimah", born, SEKAYU, "P", KK_A)
    # Another card's number (it does not follow her birth date), and one letter wrong near the start.
    wrong = Record(2, "1606125465885484", "Haaimah", born, SEKAYU, "P")
    reasons = pairs([first, wrong])[frozenset((1, 2))]
    assert (
        "salah satu NIK tidak sesuai dengan tanggal lahir pemiliknya, jadi beda NIK kurang berarti" in reasons
    )


def test_a_record_like_two_different_people_keeps_only_the_better_match():
    # Two different men called Muhammad Saputra (a common name: 5,000 of them in the registry), born three
    # months apart, NIKs following their own dates.
    jan, apr = D(1975, 1, 22), D(1975, 4, 22)
    january = Record(1, make_nik("16.06.14", jan, "L", 1), "Muhammad Saputra", jan, LAIS, "L")
    april = Record(2, make_nik("16.06.14", apr, "L", 1), "Muhammad Saputra", apr, SUNGAI_LILIN, "L")
    # The April man again, his NIK mistyped ("2204" became "2206", one digit from January's "2201").
    again = Record(3, "1606142206750001", "Muhammad Saputra", apr, SUNGAI_LILIN, "L")
    reg = Registry.from_records([january, april, again], name_counts=[5000] * 3, population=1_000_000)
    found = {frozenset((c.a, c.b)) for c in scan(reg)}
    assert frozenset((2, 3)) in found
    assert frozenset((1, 3)) not in found and frozenset((1, 2)) not in found


def test_a_triplicate_stays_whole():
    born = D(1988, 3, 20)
    nik = make_nik("16.06.01", born, "L", 1)
    copies = [
        Record(1, nik, "Joko Susilo", born, SEKAYU, "L", KK_A),
        Record(2, nik, "Djoko Susilo", born, SEKAYU, "L", KK_A),
        Record(3, nik[:13] + "7" + nik[14:], "Joko Susilo", born, SEKAYU, "L"),
    ]
    assert set(pairs(copies)) == {frozenset((1, 2)), frozenset((1, 3)), frozenset((2, 3))}


def test_check_one_looks_on_the_same_family_card():
    born = D(1970, 7, 4)
    registered = Record(1, make_nik("16.06.07", born, "P", 1), "Wati", born, SUNGAI_LILIN, "P", KK_A)
    # A wholly different NIK and a name typo; the family card was copied right.
    applicant = Record(0, "1606079414849242", "Wat", D(1970, 7, 5), SUNGAI_LILIN, "P", KK_A)
    found = check_one(applicant, against=Registry.from_records([registered]))
    assert [c.b for c in found] == [1]


def test_a_pair_decided_as_two_people_hides_no_other_match():
    jan, apr = D(1975, 1, 22), D(1975, 4, 22)
    january = Record(1, make_nik("16.06.14", jan, "L", 1), "Muhammad Saputra", jan, LAIS, "L")
    april = Record(2, make_nik("16.06.14", apr, "L", 1), "Muhammad Saputra", apr, SUNGAI_LILIN, "L")
    again = Record(3, "1606142206750001", "Muhammad Saputra", apr, SUNGAI_LILIN, "L")
    reg = Registry.from_records([january, april, again], name_counts=[5000] * 3, population=1_000_000)
    # The operator has seen 2 and 3 and said "two people": then 3 may be the January man after all.
    found = {frozenset((c.a, c.b)) for c in scan(reg, different=[(3, 2)])}
    assert found == {frozenset((1, 3))}


def test_a_boy_and_a_girl_born_together_are_not_flagged():
    # Twins: one family card, one day, one desa, serial 0001 each; the NIKs differ only by the 40 added to
    # the girl's day, which is no typing error.
    born = D(1998, 6, 12)
    boy = Record(1, make_nik("16.06.01", born, "L", 1), "Putra Ramadhan", born, SEKAYU, "L", KK_A)
    girl = Record(2, make_nik("16.06.01", born, "P", 1), "Putri Ramadhan", born, SEKAYU, "P", KK_A)
    assert frozenset((1, 2)) not in pairs([boy, girl])
    assert check_one(girl, against=Registry.from_records([boy])) == []


def test_a_nik_typed_in_the_day_is_still_a_typo_when_the_record_disagrees_with_it():
    # The same woman; her second NIK has a 1 where the day's 4 was, so it no longer follows her record.
    born = D(1998, 6, 12)
    first = Record(1, make_nik("16.06.01", born, "P", 3), "Rizka Pratami", born, SEKAYU, "P", KK_A)
    typo = Record(2, "160601" + "1" + first.nik[7:], "Rizka Pratami", born, SEKAYU, "P", KK_A)
    assert frozenset((1, 2)) in pairs([first, typo])


def test_the_same_nik_with_the_name_in_another_word_order_is_found():
    born = D(1985, 2, 14)
    first = Record(1, make_nik("16.06.07", born, "L", 5), "Steven Tanoto", born, SUNGAI_LILIN, "L")
    again = Record(2, first.nik, "Tanoto Steven", born, LAIS, "L")
    assert frozenset((1, 2)) in pairs([first, again, *namesakes("Steven", 30), *namesakes("Tanoto", 30)])


def test_a_record_is_never_paired_with_itself():
    # Its NIK field holds its own family card number: the card block lists it twice.
    born = D(1975, 8, 1)
    record = Record(1, KK_A, "Ahmad Fauzi", born, SEKAYU, "L", KK_A)
    other = Record(2, make_nik("16.06.01", born, "L", 1), "Ahmad Fauzi", born, SEKAYU, "L", KK_A)
    assert all(c.a != c.b for c in scan(Registry.from_records([record, other])))


def test_a_reissued_nik_with_a_mistyped_birth_date_is_found():
    # The region and birth-date digits of the NIK agree, the serials and the recorded dates do not.
    born = D(1977, 12, 31)
    first = Record(1, make_nik("16.06.08", born, "L", 2), "Syahrial Mansyur", born, SEKAYU, "L", KK_A)
    again = Record(2, first.nik[:12] + "8071", "Syahrial Mansur", D(1978, 12, 13), SEKAYU, "L")
    assert frozenset((1, 2)) in pairs([first, again])


def test_a_birth_date_known_only_by_its_year_is_no_other_date():
    born = D(1986, 7, 23)
    first = Record(1, make_nik("16.06.05", born, "P", 1), "Yulita Rohani", born, SEKAYU, "P")
    again = Record(2, "", "Yulita Rohani", D(1986, 1, 1), SEKAYU_B, "P")
    reasons = pairs([first, again])[frozenset((1, 2))]
    assert any(
        r.startswith("tanggal lahir berbeda (23-07-1986 / 01-01-1986), tetapi yang satu") for r in reasons
    )


def test_a_nik_with_a_digit_dropped_and_padded_is_found():
    born = D(1975, 4, 30)
    first = Record(1, make_nik("16.06.10", born, "P", 3), "Yusnani Fahrurrozi", born, SEKAYU, "P")
    # A 0 of the month ("7004…") dropped: every digit after it moves one place left, a 0 pads the end.
    dropped = first.nik[:8] + first.nik[9:] + "0"
    again = Record(2, dropped, "Yusnani Fahrurrozi", born, SEKAYU_B, "P", KK_B)
    reasons = pairs([first, again, *namesakes("Yusnani Fahrurrozi", 200)])[frozenset((1, 2))]
    assert "NIK bergeser satu tempat mulai digit ke-9 (satu digit hilang atau dobel)" in reasons


def test_a_copy_of_a_copy_does_not_split_a_triplicate():
    # 2 is 1 with the words in another order; 3 is 1 with a typo, a kecamatan digit wrong and another
    # kecamatan. 2 and 3 share each other's errors and look like two people, but both are clearly 1.
    born = D(1972, 6, 11)
    nik = make_nik("16.06.13", born, "L", 1)
    original = Record(1, nik, "Yusuf Syamsul", born, "16.06.13.2001", "L", KK_A)
    reordered = Record(2, nik, "Syamsul Yusuf", born, "16.06.13.2005", "L", KK_A)
    typo = Record(3, nik[:3] + "8" + nik[4:], "Yusuf Syamsu", born, "16.06.01.2001", "L")
    found = set(pairs([original, reordered, typo]))
    assert {frozenset((1, 2)), frozenset((1, 3))} <= found


def test_a_date_moved_by_the_spreadsheet_1904_system_is_named_as_such():
    born = D(1990, 3, 5)
    first = Record(1, make_nik("16.06.01", born, "P", 1), "Rosmala Fitriani", born, SEKAYU, "P", KK_A)
    moved = Record(2, "", "Rosmala Fitriani", born - dt.timedelta(days=1462), SEKAYU, "P", KK_A)
    reasons = pairs([first, moved])[frozenset((1, 2))]
    assert any(
        r.startswith("tanggal lahir berselisih tepat 1.462 hari (05-03-1990 / 04-03-1986)") for r in reasons
    )


def test_two_niks_that_each_follow_their_record_are_no_shift_of_each_other():
    # Two women called Siti Kurniati born on 1 January 1998 and 1990: "…980002" and "…900022" look like a
    # digit dropped, but each NIK carries its own record's date.
    first = Record(1, "1606104101980002", "Siti Kurniati", D(1998, 1, 1), SEKAYU, "P", KK_A)
    other = Record(2, "1606104101900022", "Siti Kurniati", D(1990, 1, 1), SEKAYU_B, "P", KK_B)
    assert frozenset((1, 2)) not in pairs([first, other])


def test_look_alike_records_are_not_joined_into_a_group_beyond_ten():
    # Twelve records of one name, date and NIK: nobody is registered twelve times; the consistency step
    # stops joining at ten records (and stays linear on a list of names one letter apart).
    born = D(1970, 1, 1)
    nik = make_nik("16.06.01", born, "L", 1)
    copies = [Record(k, nik, "Warga Nurab", born, SEKAYU, "L") for k in range(1, 13)]
    found = pairs(copies)
    linked = {r: {r} for r in range(1, 13)}
    for pair in found:
        a, b = sorted(pair)
        joined = linked[a] | linked[b]
        for r in joined:
            linked[r] = joined
    assert max(len(g) for g in linked.values()) == 10
