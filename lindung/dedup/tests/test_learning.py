"""The fields beside the identity fields (phone, address, birth place, occupation), the NIK read by part, and
their weights estimated from the registry and the reviews."""

import datetime as dt
import random

import pytest

from lindung.conftest import make_worker
from lindung.dedup.contacts import address_words, phone_key
from lindung.dedup.engine import Record, Registry
from lindung.dedup.learning import current_weights, estimate
from lindung.dedup.matching import scan
from lindung.dedup.models import Decision, DuplicateCandidate, MatchWeights
from lindung.dedup.scanning import find_pairs, match_weights_estimate

D = dt.date
SEKAYU, LAIS = "16.06.01.2001", "16.06.02.2001"


def test_a_phone_is_the_same_number_however_it_is_written():
    assert phone_key("0812-3456-7890") == phone_key("+62 812 3456 7890") == phone_key("6281234567890")
    assert phone_key("") == phone_key("12") == ""


def test_address_words_leave_out_what_every_address_has():
    assert address_words("Jalan Merdeka No. 5 RT 003 RW 001") == address_words("JL. MERDEKA NO.5 RT.3/RW.1")


def pair_found(a: Record, b: Record, others: list[Record] = ()) -> bool:  # type: ignore[assignment]
    found = scan(Registry.from_records([a, b, *others]))
    return any({c.a, c.b} == {a.id, b.id} for c in found)


def test_nik_equal_but_for_the_kecamatan_digits_with_a_serial_few_share_is_one_person():
    # The "Rika": registered in two kecamatan, the birth-date digits and a serial no kecamatan
    # reaches on one day kept. Both live in the kecamatan their NIK names, which used to make it "two people".
    a = Record(1, "1606024912811817", "Rika", D(1981, 12, 9), SEKAYU.replace(".01.", ".02."), "P")
    b = Record(2, "1606064912811817", "Rika", D(1981, 12, 9), "16.06.06.2001", "P")
    assert pair_found(a, b)


def test_same_name_and_date_elsewhere_with_a_common_serial_stays_two_people():
    a = Record(1, "1606024912810001", "Rika", D(1981, 12, 9), "16.06.02.2001", "P")
    b = Record(2, "1606064912810001", "Rika", D(1981, 12, 9), "16.06.06.2001", "P")
    assert not pair_found(a, b)


def family_registry(seed: int = 3) -> tuple[Registry, set[tuple[int, int]]]:
    """Families sharing a card, an address and the head's phone; a tenth of the people registered again
    under another NIK (another card's) with their own phone."""
    rng = random.Random(seed)
    records, truth = [], set()
    pk = 0
    for family in range(400):
        card = f"16060{family:05d}000001"
        address = f"Dusun {family % 7} RT {family % 13} RW {family % 5}"
        head_phone = f"0812{family:08d}"
        for member in range(3):
            pk += 1
            born = D(1970 + member * 10, 1 + family % 12, 1 + member + family % 20)
            nik = f"1606{1 + family % 15:02d}{born:%d%m%y}{1 + member:04d}"
            phone = head_phone if member < 2 else f"0813{pk:08d}"
            records.append(
                Record(pk, nik, f"Nama{family} Orang{member}", born, SEKAYU, "L", card, None, phone, address)
            )
            if rng.random() < 0.1:
                pk += 1
                records.append(
                    Record(pk, "", f"Nama{family} Orang{member}", born, LAIS, "L", "", None, phone, "")
                )
                truth.add((pk - 1, pk))
    return Registry.from_records(records), truth


def test_em_learns_that_a_shared_phone_between_two_cards_means_one_person():
    reg, _truth = family_registry()
    result = estimate(reg)
    learnt = result["weights"]["phone"]
    # The same phone on two cards (or none) is what a person registered twice looks like here; on one card
    # it is what relatives look like.
    assert learnt["same"] > 2.5
    assert learnt["same_family"] < learnt["same"]
    assert "phone" in result["learnt"]


def test_reviewed_pairs_count_as_labels():
    reg, truth = family_registry()
    a, b = sorted(truth)[0]
    result = estimate(reg, labels=[(a, b, True), (a, b + 1, False)])
    assert result["labelled"] == 2


@pytest.mark.django_db
def test_estimated_weights_are_stored_with_their_date_and_used_by_the_scan():
    assert current_weights() is None
    for k in range(3):
        make_worker(name=f"Budi Santoso {k}", phone=f"08123456{k:04d}", birth_date=D(1980 + k, 1, 2), sex="L")
    row = match_weights_estimate()
    assert MatchWeights.objects.count() == 1 and row.records == 3 and row.estimated_at is not None
    # Too few pairs to learn from: the defaults stand, stored all the same.
    assert current_weights() == row.weights
    MatchWeights.objects.filter(pk=row.pk).update(weights={"phone": {"same": -3.0}})
    _pairs, reg, _refs = find_pairs()
    assert reg.weights == {"phone": {"same": -3.0}}


@pytest.mark.django_db
def test_a_merged_pair_is_a_label_for_the_next_estimate():
    a = make_worker(name="Rahmad Hidayat", sex="L", phone="081111111111")
    b = make_worker(name="Rahmat Hidayat", sex="L", phone="081111111111")
    DuplicateCandidate.objects.create(worker_a=a, worker_b=b, score=0.9, decision=Decision.SAME)
    b.merged_into = a
    b.save(update_fields=["merged_into"])
    row = match_weights_estimate()
    assert row.labelled == 1 and row.records == 2


@pytest.mark.parametrize(("phone_b", "found"), [("+62 812-7777-1234", True), ("", False)])
def test_consecutive_serials_and_a_one_letter_given_name_with_the_same_phone_is_one_person(phone_b, found):
    # Without the phone these look like twins registered together (serials n and n+1, one date, no card).
    a = Record(1, "1606020404950012", "Rahmad Hidayat", D(1995, 4, 4), LAIS, "L", "", None, "081277771234")
    b = Record(2, "1606020404950011", "Rahmat Hidayat", D(1995, 4, 4), LAIS, "L", "", None, phone_b)
    assert pair_found(a, b) is found


@pytest.mark.django_db
def test_the_scheduled_job_estimates_again_when_a_week_old_or_after_a_review(personas):
    from django.utils import timezone

    from lindung.core import jobs

    a = make_worker(SEKAYU, nik="1606010101900001", name="Ahmad Fauzi", birth_date=D(1990, 1, 1), sex="L")
    b = make_worker(SEKAYU, nik="1606010101900002", name="Ahmad Fauzi", birth_date=D(1990, 1, 1), sex="L")
    assert "diperkirakan dari 2 data" in jobs.match_weights()
    assert MatchWeights.objects.count() == 1
    assert "masih baru" in jobs.match_weights()
    assert MatchWeights.objects.count() == 1
    DuplicateCandidate.objects.create(
        worker_a=a, worker_b=b, score=0.6, decision=Decision.DIFFERENT, decided_at=timezone.now()
    )
    assert "1 keputusan" in jobs.match_weights()
    MatchWeights.objects.update(estimated_at=timezone.now() - dt.timedelta(days=8))
    assert "diperkirakan dari" in jobs.match_weights()
    assert MatchWeights.objects.count() == 3


def test_a_shared_phone_or_address_inside_one_card_keeps_its_set_weight():
    from lindung.dedup.contacts import DEFAULT_WEIGHTS

    learnt = estimate(family_registry()[0])["weights"]
    assert learnt["phone"]["same_family"] == DEFAULT_WEIGHTS["phone"]["same_family"]
    assert learnt["address"]["family"] == DEFAULT_WEIGHTS["address"]["family"]


def spread_registry(n: int, serials: int) -> Registry:
    """n people over 15 kecamatan and 50 years of birth dates, serials 1..`serials`."""
    rng = random.Random(5)
    records = []
    for pk in range(1, n + 1):
        born = D(1965, 1, 1) + dt.timedelta(days=rng.randrange(18_000))
        kec = 1 + rng.randrange(15)
        nik = f"1606{kec:02d}{born:%d%m%y}{1 + rng.randrange(serials):04d}"
        records.append(Record(pk, nik, f"Orang {pk}", born, f"16.06.{kec:02d}.2001", "L"))
    return Registry.from_records(records)


def test_nik_parts_agreeing_by_chance_are_weighed_from_the_registry_counts():
    from lindung.dedup.learning import NIK_PART_RANGE, nik_part_weights

    wide = nik_part_weights(spread_registry(3000, 9000))
    # Region and a rare serial shared by chance is rarer than the serial alone: the birth-date digits of
    # "region_rare" go with equal birth dates, which the birth date weighs already.
    assert NIK_PART_RANGE[0] < wide["region_rare"] < wide["date_rare"] <= NIK_PART_RANGE[1]
    # Where few serials are ever given, sharing one proves less.
    narrow = nik_part_weights(spread_registry(3000, 12))
    assert narrow["date_rare"] < wide["date_rare"]
    assert narrow["region_rare"] == NIK_PART_RANGE[0]
    assert nik_part_weights(Registry.from_records([])) == {}


def test_a_nik_part_level_the_registry_holds_beyond_chance_gets_its_m_from_the_excess():
    from lindung.dedup.learning import nik_part_weights

    base = spread_registry(3000, 9000)
    records = [base.record(r) for r in range(base.n)]
    # 300 people registered again with the NIK's kecamatan digits changed and the serial kept.
    extra = []
    for k, r in enumerate(records[:300]):
        nik = r.nik[:4] + f"{(int(r.nik[4:6]) % 15) + 1:02d}" + r.nik[6:]
        extra.append(Record(10_000 + k, nik, r.name, r.birth_date, r.desa, r.sex))
    copied = Registry.from_records(records + extra)
    prior = nik_part_weights(copied)["region_rare"]
    # 300 pairs at the level where chance gives about none, out of 300 one-person pairs: m near its cap.
    learnt = nik_part_weights(copied, matches=300.0)["region_rare"]
    assert learnt > prior + 2
    # The date level, which no copy shows, keeps its prior.
    assert nik_part_weights(copied, matches=300.0)["date_rare"] == nik_part_weights(copied)["date_rare"]


@pytest.mark.parametrize(("serial", "compared"), [("1178", True), ("0003", False)])
def test_another_birth_date_on_the_nik_with_region_and_a_rare_serial_kept_is_compared(serial, compared):
    from lindung.dedup.blocking import candidate_pairs

    # The date mistyped on the second form and its NIK written to follow it: nothing in common but the
    # region, the serial and the name. A low serial is what anyone born in the kecamatan has: not a key.
    a = Record(1, f"160601240378{serial}", "Aaliyah Huddy", D(1978, 3, 24), SEKAYU, "P")
    b = Record(2, f"160601150195{serial}", "Aaliyah Huddy", D(1995, 1, 15), SEKAYU, "P")
    i, j = candidate_pairs(Registry.from_records([a, b]))
    assert ((0, 1) in set(zip(i.tolist(), j.tolist(), strict=True))) is compared
