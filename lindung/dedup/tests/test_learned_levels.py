"""The identity fields' disagreement levels (another name, birth date, desa; NIKs far apart) weighed from the
deployment's own registry (`learning`), within bounds, and read by the scan and the one-applicant check."""

import datetime as dt
import random

import numpy as np
import pytest

from lindung.conftest import DESA_A, make_worker
from lindung.dedup.contacts import DEFAULT_WEIGHTS
from lindung.dedup.engine import Record, Registry
from lindung.dedup.learning import MOSTLY_ONE, OTHER_RANGE, RAISE, estimate
from lindung.dedup.matching import check_one
from lindung.dedup.models import MatchWeights
from lindung.dedup.scanning import find_pairs
from lindung.dedup.scoring import W_DATE, compare
from lindung.dedup.services import candidates_for, frequency_caches_clear

D = dt.date
SYLLABLES = ["ka", "ri", "mo", "tu", "le", "sa", "no", "pi", "de", "wa", "gu", "be", "ro", "mi", "ya", "ha"]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize()


def _person(rng: random.Random, pk: int, **given) -> Record:
    """Someone with a rare two-word name, a NIK that follows the birth date and a serial few people reach."""
    born = given.get("born") or D(1965, 1, 1) + dt.timedelta(days=rng.randrange(18_000))
    kec = given.get("kec") or 1 + rng.randrange(15)
    nik = f"1606{kec:02d}{born:%d%m%y}{1000 + rng.randrange(9000):04d}"
    name = given.get("name") or f"{_word(rng)} {_word(rng)}"
    return Record(pk, nik, name, born, f"16.06.{kec:02d}.2001", "L", address=given.get("address", ""))


def _address(rng: random.Random) -> str:
    return f"{rng.randrange(1, 200)} {_word(rng)} Street {_word(rng)}"


def copied_registry(other_date_share: float, seed: int = 7) -> Registry:
    """1,200 people; 200 of them registered again, that share of the copies with a wholly other birth date and
    the NIK's date digits retyped to follow it (region and serial kept), the rest copied right."""
    rng = random.Random(seed)
    records = [_person(rng, pk) for pk in range(1, 1201)]
    for k, r in enumerate(records[:200]):
        if rng.random() < other_date_share:
            born = D(1965, 1, 1) + dt.timedelta(days=rng.randrange(18_000))
            records.append(
                Record(5000 + k, r.nik[:6] + f"{born:%d%m%y}" + r.nik[12:], r.name, born, r.desa, "L")
            )
        else:
            records.append(Record(5000 + k, r.nik, r.name, r.birth_date, r.desa, "L"))
    return Registry.from_records(records)


def test_a_registry_whose_copies_carry_another_birth_date_learns_that_it_proves_less():
    learnt = estimate(copied_registry(0.4))["weights"]
    assert W_DATE["other"] < learnt["date"]["other"] <= W_DATE["other"] + RAISE["date"]
    # No copy with another date: nothing to learn from, the hand weight stands.
    assert "date" not in estimate(copied_registry(0.0))["weights"]


def test_where_the_blocked_pairs_are_mostly_one_person_u_comes_from_random_pairs():
    # 1,200 people with an address each, 400 registered again: half with the address as it was, some with
    # its last word changed, the rest another. The blocking proposes little but those copies: EM's u would be
    # the copies' own slips, and a shared address would prove as little as it does between relatives.
    rng = random.Random(7)
    records = [_person(rng, pk, address=_address(rng)) for pk in range(1, 1201)]
    for k, r in enumerate(records[:400]):
        draw = rng.random()
        if draw < 0.5:
            address = r.address
        elif draw < 0.8:
            address = r.address.rsplit(" ", 1)[0] + " " + _word(rng)
        else:
            address = _address(rng)
        records.append(Record(5000 + k, r.nik, r.name, r.birth_date, r.desa, "L", address=address))
    result = estimate(Registry.from_records(records))
    assert result["match_share"] >= MOSTLY_ONE
    learnt = result["weights"]["address"]
    assert learnt["same"] == OTHER_RANGE[1] and learnt["some"] > 2.0 and learnt["none"] < 0


def test_namesakes_born_the_same_day_leave_the_nik_far_apart_at_its_hand_weight():
    # 300 pairs of two people of one rare name born on one day, in two kecamatan, NIKs far apart; 200 people
    # registered twice with the same NIK. Without the NIK the namesakes look like one person, so the NIK is
    # what tells them apart: EM over them would take "NIKs far apart" for something one person shows.
    rng = random.Random(7)
    records = [_person(rng, pk) for pk in range(1, 1201)]
    for k, r in enumerate(records[:300]):
        kec = int(r.nik[4:6]) % 15 + 1
        records.append(_person(rng, 5000 + k, kec=kec, born=r.birth_date, name=r.name))
    for k, r in enumerate(records[300:500]):
        records.append(Record(8000 + k, r.nik, r.name, r.birth_date, r.desa, "L"))
    learnt = estimate(Registry.from_records(records))["weights"]
    assert learnt["nik"]["apart"] == DEFAULT_WEIGHTS["nik"]["apart"]


LOOSE_NAMES = {"name": {"different": -1.0, "very_different": -1.0}}


@pytest.mark.parametrize(("card", "name_weight"), [("", -1.0), ("1606010101200001", -9.0)])
def test_a_raised_name_level_is_scored_except_on_one_family_card(card, name_weight):
    a = Record(1, "1606010503901234", "Aaliyah Huddy", D(1990, 3, 5), DESA_A, "P", card)
    b = Record(2, "1606010503901235", "Wirda Marpaung", D(1990, 3, 5), DESA_A, "P", card)
    reg = Registry.from_records([a, b], weights=LOOSE_NAMES)
    assert compare(reg, np.asarray([0]), np.asarray([1])).parts["name"][0] == name_weight


def test_twins_names_keep_their_weight_when_the_level_is_raised():
    # No family card, one date, consecutive serials, given names a letter apart: twins (see `scoring`).
    a = Record(1, "1606014101900011", "Salsa Zubaidah", D(1990, 1, 1), DESA_A, "P")
    b = Record(2, "1606014101900012", "Salma Zubaidah", D(1990, 1, 1), DESA_A, "P")
    cmp = compare(Registry.from_records([a, b], weights=LOOSE_NAMES), np.asarray([0]), np.asarray([1]))
    assert cmp.twin_named[0] and cmp.parts["name"][0] == -7.0


def test_check_one_scores_with_the_registry_weights():
    a = Record(1, "1606010503901234", "Aaliyah Huddy", D(1990, 3, 5), DESA_A, "P")
    b = Record(2, "1606010503901235", "Wirda Marpaung", D(1990, 3, 5), DESA_A, "P")
    assert check_one(b, against=Registry.from_records([a])) == []
    assert [c.b for c in check_one(b, against=Registry.from_records([a], weights=LOOSE_NAMES))] == [1]


@pytest.mark.django_db
def test_stored_identity_weights_are_read_by_the_scan_and_the_one_applicant_check():
    frequency_caches_clear()
    # Another date in the same year on a second record whose NIK does not follow it: the hand weights
    # (-5 for the date) leave it two people; a deployment that learnt -1 calls it one.
    plain = {"phone": "", "address": ""}
    make_worker(DESA_A, nik="1606010503900421", name="Aaliyah Huddy", birth_date=D(1990, 3, 5), **plain)
    make_worker(DESA_A, nik="1606012211850077", name="Aaliyah Huddy", birth_date=D(1990, 11, 23), **plain)
    # A NIK one digit from another's, the same date, a wholly other name.
    make_worker(DESA_A, nik="1606010704881234", name="Rahmawati Sinaga", birth_date=D(1988, 4, 7), **plain)
    applicant = {"nik": "1606010704881235", "name": "Kurniasih Wulan", "birth_date": D(1988, 4, 7)}
    applicant.update(desa=DESA_A, sex="P")
    assert find_pairs()[0] == [] and candidates_for(applicant) == []
    MatchWeights.objects.create(weights={"date": {"other": -1.0}, **LOOSE_NAMES})
    frequency_caches_clear()
    assert [c.score > 0.5 for c in find_pairs()[0]] == [True]
    assert len(candidates_for(applicant)) == 1
