"""A person recorded several times is one entry of the queue; the queue is ordered by expected value and the
threshold follows from the costs of the two mistakes."""

import datetime as dt

import pytest

from lindung.conftest import DESA_A, DESA_B, login, make_worker
from lindung.dedup.clusters import cost_threshold, groups_of
from lindung.dedup.models import Decision, DuplicateCandidate, DuplicateScan
from lindung.dedup.services import duplicate_merge

BIRTH = dt.date(1985, 12, 5)


def test_three_pairs_of_one_person_are_one_group_worth_two_extra_records():
    groups = groups_of([(1, 10, 11, 0.9), (2, 11, 12, 0.8), (3, 10, 12, 0.7), (4, 20, 21, 0.95)])
    assert [g.workers for g in groups] == [[10, 11, 12], [20, 21]]
    # Three records are at most two extra, whatever the third pair says: the two strongest pairs count.
    assert groups[0].extra == pytest.approx(1.7)
    assert groups[0].value == round(1.7 * 201_600)
    assert [p[0] for p in groups[0].pairs] == [1, 2, 3]
    assert groups[1].value == round(0.95 * 201_600) and groups[1].best == 0.95


def test_the_threshold_follows_the_costs(settings):
    assert cost_threshold() == 0.5  # a year's premium either way
    settings.DEDUP_COST_FALSE_MERGE = 3 * 201_600  # a false merge judged three times as costly
    assert cost_threshold() == 0.75


@pytest.fixture
def thrice(personas):
    """One person recorded three times (a NIK typo, a spelling), and another pair."""
    rizki = [
        make_worker(DESA_A, nik=nik, name=name, birth_date=BIRTH, sex="L")
        for nik, name in (
            ("1606010512850001", "Muhammad Rizki Pratama"),
            ("1606010512850007", "Moh. Rizki Pratama"),
            ("1606010512850009", "M. Rizki Pratama"),
        )
    ]
    nur = [
        make_worker(DESA_B, nik=nik, name="Nurhayati Putri", birth_date=dt.date(1980, 8, 17))
        for nik in ("1606015708800001", "1606015708800010")
    ]
    for (a, b), score in (((0, 1), 0.9), ((1, 2), 0.85), ((0, 2), 0.8)):
        DuplicateCandidate.objects.create(worker_a=rizki[a], worker_b=rizki[b], score=score, reasons=["x"])
    DuplicateCandidate.objects.create(worker_a=nur[0], worker_b=nur[1], score=0.99, reasons=["NIK beda"])
    return rizki, nur


@pytest.mark.django_db
def test_the_queue_shows_a_person_recorded_three_times_once_with_every_record(personas, thrice):
    rizki, nur = thrice
    response = login(personas["admin"]).get("/duplikat/")
    groups = response.context["groups"]
    assert [[w.pk for w in g["workers"]] for g in groups] == [[w.pk for w in rizki], [w.pk for w in nur]]
    assert len(groups[0]["pairs"]) == 3
    body = response.content.decode()
    assert "2 orang yang mungkin tercatat ganda" in body
    # Worth two premiums a year (1.75 extra records) before the single pair (0.99), whatever its score.
    assert "Rp352.800" in body and "Rp199.584" in body
    assert body.index("Muhammad Rizki Pratama") < body.index("Nurhayati Putri")
    assert "peluang di atas 50%" in body and "Rp201.600" in body
    # An operator sees the groups but not the threshold's reasoning (the Admin Dinas sets the costs).
    body = login(personas["kecamatan"]).get("/duplikat/").content.decode()
    assert "M. Rizki Pratama" in body and "Ambang usulan" not in body


@pytest.mark.django_db
def test_merging_one_record_keeps_the_third_in_the_queue_with_the_kept_record(personas, thrice):
    rizki, _nur = thrice
    DuplicateCandidate.objects.filter(worker_a=rizki[0], worker_b=rizki[2]).delete()
    duplicate_merge(keep=rizki[0], drop=rizki[1], by=personas["admin"])
    moved = DuplicateCandidate.objects.get(worker_a=rizki[0], worker_b=rizki[2])
    assert moved.decision == Decision.PENDING and moved.score == 0.85
    assert not DuplicateCandidate.objects.filter(worker_b=rizki[2], worker_a=rizki[1]).exists()
    groups = login(personas["admin"]).get("/duplikat/").context["groups"]
    assert [w.pk for w in groups[1]["workers"]] == [rizki[0].pk, rizki[2].pk]


@pytest.mark.django_db
def test_a_pair_the_kept_record_already_has_keeps_the_higher_score(personas, thrice):
    rizki, _nur = thrice
    duplicate_merge(keep=rizki[0], drop=rizki[1], by=personas["admin"])
    kept = DuplicateCandidate.objects.get(worker_a=rizki[0], worker_b=rizki[2])
    assert kept.score == 0.85 and DuplicateCandidate.objects.filter(worker_b=rizki[2]).count() == 1


@pytest.mark.django_db
def test_a_scan_started_by_the_admin_uses_the_cost_threshold(
    personas, settings, django_capture_on_commit_callbacks
):
    settings.DEDUP_COST_FALSE_MERGE = 3 * 201_600
    with django_capture_on_commit_callbacks(execute=False):
        login(personas["admin"]).post("/duplikat/pindai/")
    assert DuplicateScan.objects.get().min_score == 0.75


@pytest.mark.django_db
def test_the_pair_page_names_the_other_records_of_its_group(personas, thrice):
    rizki, nur = thrice
    first = DuplicateCandidate.objects.get(worker_a=rizki[0], worker_b=rizki[1])
    response = login(personas["admin"]).get(f"/duplikat/{first.pk}/")
    assert [w.pk for w in response.context["group"]["others"]] == [rizki[2].pk]
    assert len(response.context["group"]["pairs"]) == 2
    assert "Pasangan ini bagian dari 3 data yang saling mirip" in response.content.decode()
    alone = DuplicateCandidate.objects.get(worker_a=nur[0])
    assert login(personas["admin"]).get(f"/duplikat/{alone.pk}/").context["group"] is None
