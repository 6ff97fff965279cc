"""The review queue, the pair page, decisions, the scan through a real db_worker, the CSV command."""

import csv
import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from lindung.conftest import DESA_A, DESA_B, DESA_LAIS, login, make_worker
from lindung.dedup.engine import Candidate
from lindung.dedup.models import Decision, DuplicateCandidate, DuplicateScan
from lindung.dedup.scanning import store_pairs
from lindung.workers.models import Worker

pytestmark = pytest.mark.django_db
BIRTH = dt.date(1985, 12, 5)


@pytest.fixture
def pairs(personas):
    """Two duplicate pairs: one inside DESA_A, one across DESA_A/DESA_B; a namesake in Lais."""
    a1 = make_worker(
        DESA_A,
        nik="1606010512850001",
        name="Muhammad Rizki Pratama",
        birth_date=BIRTH,
        sex="L",
        source_ref="P3KE-17",
    )
    a2 = make_worker(
        DESA_A,
        nik="1606010512850007",
        name="Moh. Rizki Pratama",
        birth_date=BIRTH,
        sex="L",
        source_ref="IMPOR-3",
    )
    b1 = make_worker(DESA_A, nik="1606015708800001", name="Nurhayati Putri", birth_date=dt.date(1980, 8, 17))
    b2 = make_worker(DESA_B, nik="1606015708800010", name="Nur Hayati Putri", birth_date=dt.date(1980, 8, 17))
    make_worker(DESA_LAIS, nik="1606024304710001", name="Siti", birth_date=dt.date(1971, 4, 3))
    make_worker(DESA_A, nik="1606014101700001", name="Siti", birth_date=dt.date(1970, 1, 1))
    return {"a": (a1, a2), "b": (b1, b2)}


@pytest.fixture
def keep_test_connection(monkeypatch):
    # The worker closes connections that are not in autocommit; inside the test transaction that would drop
    # the PostgreSQL test connection. Everything else is the real worker path.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)


def run_scan_through_db_worker(admin, capture):
    with capture(execute=True):
        response = login(admin).post("/duplikat/pindai/", follow=True)
    assert "Pemindaian data ganda dimulai." in response.content.decode()
    scan = DuplicateScan.objects.get()
    assert scan.status == DuplicateScan.Status.QUEUED  # queued, not yet run
    call_command("db_worker", "--batch", "--no-startup-delay")
    scan.refresh_from_db()
    return scan


def test_scan_runs_in_the_db_worker_and_fills_the_queue(
    personas, pairs, django_capture_on_commit_callbacks, keep_test_connection
):
    scan = run_scan_through_db_worker(personas["admin"], django_capture_on_commit_callbacks)
    assert scan.status == DuplicateScan.Status.DONE and scan.progress == 100
    assert scan.records == 6 and scan.pairs_found == 2 and scan.pairs_new == 2
    body = login(personas["admin"]).get(f"/duplikat/pindai/{scan.pk}/").content.decode()
    assert "Selesai" in body and "100%" in body
    a1, a2 = pairs["a"]
    pair = DuplicateCandidate.objects.get(worker_a=a1, worker_b=a2)
    assert "NIK beda satu digit (digit ke-16)" in pair.reasons
    # Siti and Siti (other date, other desa) are not a pair.
    assert DuplicateCandidate.objects.count() == 2
    # The queue names the last scan's pairs, in English too (one plural message for both places on the page).
    client = login(personas["admin"])
    assert "· 2 pasangan" in client.get("/duplikat/").content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert "· 2 pairs" in client.get("/duplikat/").content.decode()


def test_a_second_scan_skips_decided_pairs(
    personas, pairs, django_capture_on_commit_callbacks, keep_test_connection
):
    a1, a2 = pairs["a"]
    DuplicateCandidate.objects.create(worker_a=a1, worker_b=a2, score=0.9, decision=Decision.DIFFERENT)
    scan = run_scan_through_db_worker(personas["admin"], django_capture_on_commit_callbacks)
    # The pair decided as two people is not proposed again; the other pair is new.
    assert scan.pairs_found == 1 and scan.pairs_new == 1
    assert DuplicateCandidate.objects.get(worker_a=a1, worker_b=a2).decision == Decision.DIFFERENT


def test_store_pairs_updates_pending_and_keeps_decided(pairs):
    a1, a2 = pairs["a"]
    b1, b2 = pairs["b"]
    assert store_pairs([Candidate(a2.pk, a1.pk, 0.7, ["x"]), Candidate(b1.pk, b2.pk, 0.8, ["y"])]) == 2
    DuplicateCandidate.objects.filter(worker_a=b1).update(decision=Decision.DIFFERENT)
    assert store_pairs([Candidate(a1.pk, a2.pk, 0.9, ["z"]), Candidate(b1.pk, b2.pk, 0.95, ["w"])]) == 0
    assert DuplicateCandidate.objects.get(worker_a=a1).reasons == ["z"]
    assert DuplicateCandidate.objects.get(worker_a=b1).reasons == ["y"]


def queue_names(client):
    response = client.get("/duplikat/")
    assert response.status_code == 200
    return {(c.worker_a.name, c.worker_b.name) for g in response.context["groups"] for c in g["pairs"]}


def remember_all(pairs):
    for a, b in pairs.values():
        DuplicateCandidate.objects.create(worker_a=a, worker_b=b, score=0.9, reasons=["NIK beda satu digit"])


def test_queue_is_scoped_to_the_area(personas, pairs):
    remember_all(pairs)
    both = {("Muhammad Rizki Pratama", "Moh. Rizki Pratama"), ("Nurhayati Putri", "Nur Hayati Putri")}
    assert queue_names(login(personas["admin"])) == both
    assert queue_names(login(personas["kecamatan"])) == both
    assert queue_names(login(personas["desa"])) == {("Muhammad Rizki Pratama", "Moh. Rizki Pratama")}
    assert queue_names(login(personas["desa_lain"])) == set()
    assert queue_names(login(personas["admin_lain"])) == set()
    b = DuplicateCandidate.objects.get(worker_a=pairs["b"][0])
    assert login(personas["desa"]).get(f"/duplikat/{b.pk}/").status_code == 404
    assert login(personas["desa_lain"]).get(f"/duplikat/{b.pk}/").status_code == 404


def test_other_roles_are_refused(personas, pairs):
    for role in ("opd", "bpjs", "pimpinan"):
        assert login(personas[role]).get("/duplikat/").status_code == 403
    assert login(personas["desa"]).post("/duplikat/pindai/").status_code == 403
    response = Client().get("/duplikat/")
    assert response.status_code == 302 and "/masuk/" in response["Location"]


def test_queue_masks_niks_and_shows_reasons(personas, pairs):
    remember_all(pairs)
    body = login(personas["admin"]).get("/duplikat/").content.decode()
    a1, _a2 = pairs["a"]
    assert a1.masked_nik in body and a1.nik not in body
    assert "NIK beda satu digit" in body and "90%" in body


def test_different_people_leave_the_queue(personas, pairs):
    remember_all(pairs)
    pair = DuplicateCandidate.objects.get(worker_a=pairs["a"][0])
    client = login(personas["desa"])
    page = client.get(f"/duplikat/{pair.pk}/").content.decode()
    assert "Orang yang sama (gabungkan)" in page and "Orang berbeda" in page
    response = client.post(
        f"/duplikat/{pair.pk}/putuskan/", {"decision": "different", "note": "beda orang"}, follow=True
    )
    assert "tidak akan diusulkan lagi" in response.content.decode()
    pair.refresh_from_db()
    assert pair.decision == Decision.DIFFERENT and pair.note == "beda orang"
    assert queue_names(client) == set()


def test_same_person_merges_from_the_pair_page(personas, pairs):
    remember_all(pairs)
    a1, a2 = pairs["a"]
    pair = DuplicateCandidate.objects.get(worker_a=a1)
    client = login(personas["desa"])
    response = client.post(
        f"/duplikat/{pair.pk}/putuskan/",
        {"decision": "same", "keep": a1.pk, f"version_{a1.pk}": a1.version, f"version_{a2.pk}": a2.version},
        follow=True,
    )
    assert "digabungkan ke Muhammad Rizki Pratama" in response.content.decode()
    a2.refresh_from_db()
    assert a2.merged_into_id == a1.pk
    timeline = client.get(f"/duplikat/pekerja/{a2.pk}/riwayat/")
    assert timeline.status_code == 200 and "telah digabungkan ke" in timeline.content.decode()
    assert "Digabungkan ke data lain (data ganda)" in timeline.content.decode()  # the event in words
    assert "worker.merged_into" not in timeline.content.decode()
    assert login(personas["desa_lain"]).get(f"/duplikat/pekerja/{a2.pk}/riwayat/").status_code == 404
    assert client.get(f"/duplikat/pekerja/{a1.pk}/riwayat/").status_code == 404  # not merged


def test_merge_without_choice_or_with_a_stale_version_writes_nothing(personas, pairs):
    remember_all(pairs)
    a1, a2 = pairs["a"]
    pair = DuplicateCandidate.objects.get(worker_a=a1)
    client = login(personas["admin"])
    response = client.post(f"/duplikat/{pair.pk}/putuskan/", {"decision": "same"}, follow=True)
    assert "Pilih data mana yang dipertahankan." in response.content.decode()
    response = client.post(
        f"/duplikat/{pair.pk}/putuskan/",
        {
            "decision": "same",
            "keep": a1.pk,
            f"version_{a1.pk}": a1.version - 1 + 5,
            f"version_{a2.pk}": a2.version,
        },
        follow=True,
    )
    assert "baru saja diubah oleh pengguna lain" in response.content.decode()
    assert not Worker.objects.filter(merged_into__isnull=False).exists()
    pair.refresh_from_db()
    assert pair.decision == Decision.PENDING


def test_find_duplicates_writes_the_csv(personas, pairs, tmp_path, capsys):
    out = tmp_path / "pairs.csv"
    call_command("find_duplicates", "--out", str(out))
    assert "2 pasangan kemungkinan data ganda" in capsys.readouterr().out
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 2
    scores = [float(r["skor"]) for r in rows]
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)
    a1, a2 = pairs["a"]
    row = next(r for r in rows if r["id_a"] == str(a1.pk))
    assert (row["nik_a"], row["nama_a"], row["sumber_a"]) == (a1.nik, a1.name, "P3KE-17")
    assert (row["id_b"], row["nik_b"], row["nama_b"], row["sumber_b"]) == (
        str(a2.pk),
        a2.nik,
        a2.name,
        "IMPOR-3",
    )
    assert "nama sama setelah dinormalkan (Muhammad → Moh.)" in row["alasan"]


def test_find_duplicates_min_score(personas, pairs, tmp_path, capsys):
    out = tmp_path / "pairs.csv"
    call_command("find_duplicates", "--out", str(out), "--min-score", "1")
    assert "0 pasangan" in capsys.readouterr().out
    with pytest.raises(CommandError, match="harus di antara 0 dan 1"):
        call_command("find_duplicates", "--out", str(out), "--min-score", "7")


def test_a_scan_whose_worker_died_no_longer_blocks_a_new_one(personas):
    from lindung.core.leases import lease

    running = DuplicateScan.objects.create(status=DuplicateScan.Status.RUNNING, kabupaten="16.06")
    client = login(personas["admin"])
    with lease(f"scan:{running.pk}"):  # a live worker runs it: a second scan is refused
        page = client.post("/duplikat/pindai/", follow=True).content.decode()
        assert "Pemindaian sebelumnya belum selesai" in page
        assert DuplicateScan.objects.count() == 1
    # The worker died: its scan is marked failed with the reason and a new scan is queued.
    client.post("/duplikat/pindai/")
    running.refresh_from_db()
    assert running.status == DuplicateScan.Status.FAILED
    assert "pekerja latar belakang mati" in running.error
    assert DuplicateScan.objects.filter(status=DuplicateScan.Status.QUEUED).count() == 1


def test_another_kabupatens_scan_answers_404(personas):
    scan = DuplicateScan.objects.create(status=DuplicateScan.Status.DONE, kabupaten="16.06")
    assert login(personas["admin"]).get(f"/duplikat/pindai/{scan.pk}/").status_code == 200
    assert login(personas["admin_lain"]).get(f"/duplikat/pindai/{scan.pk}/").status_code == 404


def test_the_pair_page_explains_each_field_in_words(personas, pairs):
    remember_all(pairs)
    a1, a2 = pairs["a"]
    Worker.objects.filter(pk=a2.pk).update(phone="+62 812-3456-7890")  # a1 has 081234567890
    Worker.objects.filter(pk=a1.pk).update(kk="1606010101100001")
    pair = DuplicateCandidate.objects.get(worker_a=a1)
    page = login(personas["desa"]).get(f"/duplikat/{pair.pk}/").content.decode()
    assert "Mengapa skor ini" in page
    # NIK one digit apart in the serial, the name's Muhammad shortened, the phone written another way.
    assert "<td>NIK</td><td>NIK beda satu digit</td>" in page
    assert "<td>Nomor HP</td><td>nomor HP sama</td><td>mendukung orang yang sama</td>" in page
    assert "<td>Tanggal lahir</td><td>tanggal lahir sama</td>" in page
    assert "Nomor KK" in page.split("Tidak berpengaruh")[1]  # one card empty: no evidence either way
