"""candidates_for against the database, decisions, merges."""

import datetime as dt

import pytest

from lindung.audit.models import AuditEvent
from lindung.conftest import DESA_A, DESA_B, DESA_LAIS, DESA_OUTSIDE, make_worker
from lindung.dedup.models import Decision, DuplicateCandidate
from lindung.dedup.services import (
    DedupError,
    candidates_for,
    candidates_remember,
    duplicate_decide_different,
    duplicate_merge,
    frequency_caches_clear,
    merged_records,
)
from lindung.workers.models import StatusChange, Worker
from lindung.workers.selectors import workers_visible_to
from lindung.workers.workflow import worker_transition

pytestmark = pytest.mark.django_db

BIRTH = dt.date(1985, 12, 5)


@pytest.fixture(autouse=True)
def fresh_frequencies():
    frequency_caches_clear()


@pytest.fixture
def rizki(personas):
    return make_worker(
        DESA_A, nik="1606010512850001", name="Muhammad Rizki Pratama", birth_date=BIRTH, sex="L", phone=""
    )


def fields(**extra):
    base = {
        "nik": "1606010512850001",
        "name": "Muhammad Rizki Pratama",
        "birth_date": BIRTH,
        "desa": DESA_A,
        "sex": "L",
    }
    base.update(extra)
    return base


@pytest.mark.parametrize(
    ("kind", "extra"),
    [
        ("NIK beda satu digit", {"nik": "1606010512850007"}),
        ("NIK dua digit bertukar", {"nik": "1606010521850001"}),
        ("Mhd.", {"nik": "1606010512850009", "name": "Mhd. Rizki Pratama"}),
        ("M.", {"nik": "1606010512850009", "name": "M. Rizki Pratama"}),
        ("gelar", {"nik": "1606010512850009", "name": "H. Muhammad Rizki Pratama, S.Pd."}),
        ("salah ketik", {"nik": "1606010512850009", "name": "Muhammad Rizki Pratma"}),
        ("tanggal dekat", {"nik": "1606010512850001", "birth_date": dt.date(1985, 12, 6)}),
        ("pindah desa", {"nik": "1606010512850008", "desa": DESA_LAIS}),
        ("form text date", {"nik": "1606010512850008", "birth_date": "1985-12-05"}),
    ],
)
def test_candidates_for_finds_each_variant_in_the_database(rizki, kind, extra):
    matches = candidates_for(fields(**extra))
    assert [m.worker_id for m in matches] == [rizki.pk], kind
    assert matches[0].worker == rizki and matches[0].score >= 0.5


def test_a_new_nik_is_found_by_name_and_birth_date(rizki):
    matches = candidates_for(fields(nik="1606019999999999"))
    assert [m.worker_id for m in matches] == [rizki.pk]
    assert "NIK berbeda" in matches[0].reasons


def test_old_spelling_and_split_names(personas):
    soekarno = make_worker(DESA_A, name="Soekarno Djojo", birth_date=dt.date(1970, 6, 6), sex="L")
    nur = make_worker(DESA_B, name="Nurhayati Putri", birth_date=dt.date(1980, 8, 17))
    assert [
        m.worker_id
        for m in candidates_for(
            fields(nik="1606010606700099", name="Sukarno Joyo", birth_date=dt.date(1970, 6, 6))
        )
    ] == [soekarno.pk]
    assert [
        m.worker_id
        for m in candidates_for(
            fields(nik="1606015708800099", name="Nur Hayati Putri", birth_date=dt.date(1980, 8, 17), sex="P")
        )
    ] == [nur.pk]


def test_twins_and_namesakes_are_not_flagged(personas):
    kk = "1606010101100001"
    make_worker(DESA_A, nik="1606014503900001", name="Siti Aminah", kk=kk)
    assert (
        candidates_for(
            fields(nik="1606014503900002", name="Siti Aisyah", kk=kk, birth_date=dt.date(1990, 3, 5), sex="P")
        )
        == []
    )
    make_worker(DESA_A, nik="1606014101700001", name="Siti", birth_date=dt.date(1970, 1, 1))
    assert (
        candidates_for(
            fields(
                nik="1606024304710001", name="Siti", birth_date=dt.date(1971, 4, 3), desa=DESA_LAIS, sex="P"
            )
        )
        == []
    )


def test_a_worker_is_not_its_own_duplicate_and_merged_records_are_ignored(rizki, personas):
    assert candidates_for(rizki) == []
    other = make_worker(DESA_A, nik="1606010512850009", name="Moh. Rizki Pratama", birth_date=BIRTH, sex="L")
    assert [m.worker_id for m in candidates_for(rizki)] == [other.pk]
    duplicate_merge(keep=rizki, drop=other, by=personas["admin"])
    rizki.refresh_from_db()
    assert candidates_for(rizki) == []


def test_outside_the_users_area_the_match_names_no_one(rizki, personas):
    matches = candidates_for(fields(nik="1606010512850007", desa=DESA_LAIS), user=personas["desa_lain"])
    assert len(matches) == 1 and matches[0].worker is None and not matches[0].visible
    assert matches[0].reasons == ["kemungkinan sudah terdaftar di wilayah lain"]
    assert "Rizki" not in " ".join(matches[0].reasons)
    inside = candidates_for(fields(nik="1606010512850007"), user=personas["desa"])
    assert inside[0].worker == rizki


def test_decided_different_is_never_proposed_again(rizki, personas):
    other = make_worker(DESA_A, nik="1606010512850009", name="Moh. Rizki Pratama", birth_date=BIRTH, sex="L")
    (candidate,) = candidates_remember(worker=other)
    assert candidate.decision == Decision.PENDING and {candidate.worker_a_id, candidate.worker_b_id} == {
        rizki.pk,
        other.pk,
    }
    duplicate_decide_different(candidate=candidate, by=personas["desa"], note="kembar beda ibu")
    assert candidates_for(other) == [] and candidates_for(rizki) == []
    assert candidates_remember(worker=other) == []
    candidate.refresh_from_db()
    assert candidate.decision == Decision.DIFFERENT and candidate.decided_by == personas["desa"]
    assert AuditEvent.objects.filter(action="dedup.different", object_id=str(candidate.pk)).exists()
    with pytest.raises(DedupError, match="sudah diputuskan"):
        duplicate_decide_different(candidate=candidate, by=personas["admin"])


def test_merge_keeps_both_histories_and_fills_blanks(rizki, personas):
    admin = personas["admin"]
    other = make_worker(
        DESA_A, nik="1606010512850009", name="Moh. Rizki Pratama", birth_date=BIRTH, sex="L",
        phone="081299990000", address="Jl. Merdeka 1", kk="1606010101100077",
    )  # fmt: skip
    Worker.objects.filter(pk=rizki.pk).update(address="", kk="")
    rizki.refresh_from_db()
    worker_transition(worker=other, to="diverifikasi", by=admin)
    other.refresh_from_db()
    version = rizki.version
    kept = duplicate_merge(keep=rizki, drop=other, by=admin, note="sama")
    other.refresh_from_db()
    kept.refresh_from_db()
    assert other.merged_into == kept
    assert (kept.phone, kept.address, kept.kk) == ("081299990000", "Jl. Merdeka 1", "1606010101100077")
    assert kept.version == version + 1
    assert StatusChange.objects.filter(worker=other, to_status="diverifikasi").exists()
    assert AuditEvent.objects.filter(action="worker.merge", object_id=str(kept.pk)).exists()
    assert AuditEvent.objects.filter(action="worker.merged_into", object_id=str(other.pk)).exists()
    assert AuditEvent.objects.filter(action="worker.update", object_id=str(kept.pk)).exists()
    assert other not in workers_visible_to(admin)
    assert merged_records(kept) == [other]
    pair = DuplicateCandidate.objects.get(
        worker_a=min(kept.pk, other.pk, key=int), worker_b=max(kept.pk, other.pk)
    )
    assert pair.decision == Decision.SAME and pair.decided_by == admin


def test_a_stale_merge_is_refused_and_writes_nothing(rizki, personas):
    other = make_worker(DESA_A, nik="1606010512850009", name="Moh. Rizki Pratama", birth_date=BIRTH, sex="L")
    stale = Worker.objects.get(pk=rizki.pk)
    Worker.objects.filter(pk=rizki.pk).update(version=rizki.version + 1)
    with pytest.raises(DedupError, match="baru saja diubah"):
        duplicate_merge(keep=stale, drop=other, by=personas["admin"])
    other.refresh_from_db()
    assert other.merged_into is None
    with pytest.raises(DedupError, match="dirinya sendiri"):
        duplicate_merge(keep=other, drop=other, by=personas["admin"])


def test_outside_kabupaten_workers_are_still_checked_without_user(personas):
    outside = make_worker(
        DESA_OUTSIDE, nik="1607010512850001", name="Budi Santoso", birth_date=BIRTH, sex="L"
    )
    matches = candidates_for(fields(nik="1607010512850002", name="Budi Santoso", desa="16.07.01.2001"))
    assert [m.worker_id for m in matches] == [outside.pk]


def test_a_rare_misspelling_of_a_common_name_is_found_in_the_database(personas):
    # Many women called Siti: "Seti", typed once, is her name mistyped; so is the month in her NIK (97).
    for k in range(25):
        make_worker(DESA_B, name="Siti", birth_date=dt.date(1970, 1, 1) + dt.timedelta(days=97 * k))
    siti = make_worker(DESA_A, nik="1606016907640001", name="Siti", birth_date=dt.date(1964, 7, 29))
    applicant = {"nik": "1606016097640001", "name": "Seti", "birth_date": dt.date(1964, 7, 29)}
    matches = candidates_for({**applicant, "desa": DESA_A, "sex": "P"})
    assert [m.worker_id for m in matches] == [siti.pk]
    assert "nama mirip, kemungkinan salah ketik (Seti / Siti)" in matches[0].reasons


def test_candidates_for_finds_a_name_shortened_to_an_initial(personas):
    born = dt.date(1983, 11, 21)
    registered = make_worker(DESA_A, nik="1606012111830001", name="Suryana Iwan", birth_date=born, sex="L")
    found = candidates_for(
        {"nik": "1606012111830401", "name": "Suryana I.", "birth_date": born, "desa": DESA_A, "sex": "L"}
    )
    assert [m.worker_id for m in found] == [registered.pk]
    assert "nama yang satu memuat nama yang lain (Suryana I. / Suryana Iwan)" in found[0].reasons


def test_candidates_for_finds_a_reissued_nik_with_a_mistyped_birth_date(personas):
    born = dt.date(1977, 12, 31)
    registered = make_worker(
        DESA_A, nik="1606013112770002", name="Syahrial Mansyur", birth_date=born, sex="L"
    )
    # Another serial, and the date typed wrong: only the NIK's first twelve digits lead to the record.
    again = {"nik": "1606013112778071", "name": "Syahrial Mansur", "birth_date": dt.date(1978, 12, 13)}
    found = candidates_for({**again, "desa": DESA_A, "sex": "L"})
    assert [m.worker_id for m in found] == [registered.pk]


def test_candidates_for_reads_the_word_counts_only_for_names_that_share_some_words(rizki):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as same_name:
        assert candidates_for(fields(nik="1606010512850007"))
    with CaptureQueriesContext(connection) as shorter_name:
        assert candidates_for(fields(nik="1606010512850007", name="Muhammad Rizki"))

    def grouped(queries):
        return [q["sql"] for q in queries if "GROUP BY" in q["sql"] and "name_key" in q["sql"]]

    assert grouped(same_name.captured_queries) == []
    assert len(grouped(shorter_name.captured_queries)) == 1


@pytest.mark.parametrize("written", ["081234567890", "+62 812-3456-7890", "6281234567890"])
def test_the_same_phone_finds_a_record_no_other_look_up_reaches(personas, written):
    # Day and month swapped on the second form (its NIK follows it), one letter of the name changed: neither
    # the NIK, the birth date nor the name key leads to the first record; the phone does.
    rahmat = make_worker(
        DESA_A, nik="1606010704900012", name="Rahmat Hidayat", birth_date=dt.date(1990, 4, 7), sex="L",
        phone="081234567890",
    )  # fmt: skip
    applicant = {
        "nik": "1606010407900012",
        "name": "Rahmad Hidayat",
        "birth_date": dt.date(1990, 7, 4),
        "desa": DESA_A,
        "sex": "L",
    }
    assert candidates_for(applicant) == []
    matches = candidates_for({**applicant, "phone": written})
    assert [m.worker_id for m in matches] == [rahmat.pk]


def test_one_applicants_look_up_reads_indexes_only(personas):
    # Every branch of the one query must be an index search: one branch without (SQLite does not use the
    # partial phone index unless the query repeats its condition) turns the whole OR into a table scan.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_worker(
        DESA_A, nik="1606010704900012", name="Rahmat Hidayat", birth_date=dt.date(1990, 4, 7), sex="L"
    )
    applicant = {
        "nik": "1606010407900012", "name": "Rahmad Hidayat", "birth_date": dt.date(1990, 7, 4), "desa": DESA_A,
        "sex": "L", "phone": "081234567890",
    }  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        candidates_for(applicant)
    look_up = next(q["sql"] for q in queries.captured_queries if "phone" in q["sql"].split("WHERE")[-1])
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL plans a table this small as a sequential scan whatever the indexes")
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + look_up)
        plan = [row[-1] for row in cursor.fetchall()]
    assert "MULTI-INDEX OR" in plan
    assert not [step for step in plan if step.startswith("SCAN")]


def _grouped_name_reads(queries):
    return [q["sql"] for q in queries if "GROUP BY" in q["sql"] and "name_key" in q["sql"]]


@pytest.fixture
def common_words(personas):
    """A registry where "Rizki" and "Pratama" are common words (born long ago: no applicant's candidates),
    and one "Rizki Pratama Putra" a dropped word away from the applicant below."""
    for n in range(120):
        make_worker(
            DESA_B,
            name=f"Rizki Pratama {['Andi', 'Budi', 'Citra', 'Dewi', 'Eka'][n % 5]}",
            birth_date=dt.date(1950, 1, 1 + n % 28),
        )
    make_worker(DESA_B, name="Siti Aminah", birth_date=dt.date(1951, 1, 1))
    return make_worker(
        DESA_A, nik="1606010512850001", name="Rizki Pratama Putra", birth_date=BIRTH, sex="L", phone=""
    )


def _scored(matches):
    return [(m.worker_id, round(m.score, 9), m.reasons) for m in matches]


def test_stored_word_counts_score_as_counting_them_in_the_request(common_words, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lindung.dedup import services
    from lindung.dedup.models import NameWordCount
    from lindung.dedup.scanning import match_weights_estimate
    from lindung.dedup.wordcounts import word_counts_store
    from lindung.lib.names import core_tokens

    applicant = fields(nik="1606010512850007", name="Rizki Pratama")
    match_weights_estimate()
    expected: dict[str, int] = {}
    for key in Worker.objects.filter(merged_into__isnull=True).values_list("name_key", flat=True):
        for word in set(core_tokens(key)):
            expected[word] = expected.get(word, 0) + 1
    assert dict(NameWordCount.objects.values_list("word", "count")) == expected
    assert expected["riski"] == expected["pratama"] == 121

    # As if never stored (a small registry): counted in the request, as before the stored counts.
    NameWordCount.objects.all().delete()
    with CaptureQueriesContext(connection) as queries:
        counted = candidates_for(applicant)
    assert len(_grouped_name_reads(queries.captured_queries)) == 1
    assert [m.worker_id for m in counted] == [common_words.pk]

    word_counts_store()
    frequency_caches_clear()
    with CaptureQueriesContext(connection) as queries:
        stored = candidates_for(applicant)
    assert _grouped_name_reads(queries.captured_queries) == []
    assert _scored(stored) == _scored(counted)

    # The counts matter here: without them the engine counts the two names compared only, and scores higher.
    monkeypatch.setattr(services, "_words_for", lambda keys: None)
    assert _scored(candidates_for(applicant))[0][1] > _scored(stored)[0][1]


def test_a_big_registry_never_counts_the_words_in_the_request(rizki, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from lindung.dedup import services

    # No counts stored yet (a new deployment) on a registry too big to count them in a request.
    monkeypatch.setattr(services, "WORDS_IN_REQUEST_MAX", 1)
    with CaptureQueriesContext(connection) as queries:
        assert candidates_for(fields(nik="1606010512850007", name="Muhammad Rizki"))
    assert _grouped_name_reads(queries.captured_queries) == []
