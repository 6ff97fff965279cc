import datetime as dt

import pytest

from lindung.audit.models import AuditEvent
from lindung.conftest import DESA_A, DESA_B, DESA_LAIS, login, make_worker
from lindung.eligibility.services import eligibility_refresh
from lindung.verification.models import EligibilityOverride
from lindung.workers.models import Segment, Status, Worker
from lindung.workers.workflow import worker_transition

pytestmark = pytest.mark.django_db


def names(client, query=""):
    response = client.get(f"/verifikasi/?{query}")
    assert response.status_code == 200
    return {w.name for w in response.context["page"]}


@pytest.fixture
def queue(personas, agency):
    workers = {
        "a": make_worker(DESA_A, name="Ani Desa A"),
        "b": make_worker(DESA_B, name="Budi Desa B", sex="L"),
        "lais": make_worker(DESA_LAIS, name="Citra Lais"),
        "honorer": make_worker(DESA_LAIS, name="Dewi Honorer", segment=Segment.NON_ASN, agency=agency),
        "checked": make_worker(DESA_A, name="Eko Diverifikasi", sex="L", status=Status.DIVERIFIKASI),
        "old": make_worker(
            DESA_B, name="Fajar Tua", sex="L", status=Status.DIVERIFIKASI, birth_date=dt.date(1950, 1, 1)
        ),
        "done": make_worker(DESA_A, name="Gita Disetujui", status=Status.DISETUJUI),
    }
    for worker in workers.values():
        eligibility_refresh(worker=worker)
    return workers


def test_each_role_sees_what_waits_for_it_in_its_area(personas, queue):
    assert names(login(personas["desa"])) == {"Ani Desa A"}
    assert names(login(personas["kecamatan"])) == {"Ani Desa A", "Budi Desa B"}
    assert names(login(personas["opd"])) == {"Dewi Honorer"}
    assert names(login(personas["admin"])) == {"Eko Diverifikasi", "Fajar Tua"}
    assert names(login(personas["admin"]), "status=diajukan") >= {"Ani Desa A", "Citra Lais"}
    assert names(login(personas["admin_lain"])) == set()


@pytest.mark.parametrize("role", ["bpjs", "pimpinan"])
def test_read_only_roles_have_no_queue(personas, role):
    assert login(personas[role]).get("/verifikasi/").status_code == 403
    assert login(personas[role]).post("/verifikasi/proses/", {"action": "verify"}).status_code == 403


def test_rows_show_eligibility_and_the_admin_filters_by_it(personas, queue):
    client = login(personas["admin"])
    body = client.get("/verifikasi/").content.decode()
    assert "✗ Umur 76 tahun, di atas batas 65 tahun" in body
    assert "✓ memenuhi syarat" in body
    assert names(client, "eligibility=tidak_layak") == {"Fajar Tua"}
    assert names(client, "eligibility=layak") == {"Eko Diverifikasi"}
    assert names(client, f"kecamatan=16.06.01&desa={DESA_A}") == {"Eko Diverifikasi"}


def post_bulk(client, action, workers, **extra):
    data = {"action": action, "pk": [w.pk for w in workers], **{f"v_{w.pk}": w.version for w in workers}}
    data.update(extra)
    return client.post("/verifikasi/proses/", data)


def test_bulk_verify_in_the_desa(personas, queue):
    response = post_bulk(login(personas["kecamatan"]), "verify", [queue["a"], queue["b"]])
    assert response.content.decode().count("Status menjadi Diverifikasi") == 2
    assert set(Worker.objects.filter(status=Status.DIVERIFIKASI).values_list("name", flat=True)) >= {
        "Ani Desa A",
        "Budi Desa B",
    }


def test_a_desa_operator_cannot_act_outside_its_desa(personas, queue):
    response = post_bulk(login(personas["desa"]), "verify", [queue["a"], queue["lais"]])
    body = response.content.decode()
    assert "Pekerja tidak ditemukan di wilayah Anda." in body
    assert "Citra Lais" not in body
    queue["lais"].refresh_from_db()
    assert queue["lais"].status == Status.DIAJUKAN


def test_bulk_approve_with_one_conflicting_row_keeps_the_others(personas, queue):
    ok = make_worker(DESA_A, name="Hadi Siap", sex="L", status=Status.DIVERIFIKASI)
    seen = {w.pk: w.version for w in (queue["checked"], ok)}
    # Another verifier returns Eko while the admin has the queue open.
    worker_transition(
        worker=queue["checked"], to=Status.DIKEMBALIKAN, by=personas["kecamatan"], note="cek KK"
    )
    response = login(personas["admin"]).post(
        "/verifikasi/proses/",
        {"action": "approve", "pk": list(seen), **{f"v_{pk}": v for pk, v in seen.items()}},
    )
    body = response.content.decode()
    assert "1 berhasil, 1 tidak diproses." in body
    assert "baru saja diubah oleh pengguna lain" in body
    ok.refresh_from_db()
    queue["checked"].refresh_from_db()
    assert ok.status == Status.DISETUJUI
    assert queue["checked"].status == Status.DIKEMBALIKAN


def test_two_verifiers_on_the_same_worker_the_second_gets_the_conflict(personas, queue):
    worker = queue["a"]
    first = post_bulk(login(personas["desa"]), "verify", [worker])
    second = post_bulk(login(personas["kecamatan"]), "return", [worker], note="foto buram")  # saw version 1
    assert "Status menjadi Diverifikasi" in first.content.decode()
    assert "baru saja diubah oleh pengguna lain" in second.content.decode()
    worker.refresh_from_db()
    assert worker.status == Status.DIVERIFIKASI and worker.status_changes.count() == 1


def test_approving_an_ineligible_worker_is_refused_with_the_reason(personas, queue):
    response = post_bulk(login(personas["admin"]), "approve", [queue["old"]])
    body = response.content.decode()
    assert "Tidak memenuhi syarat: Umur 76 tahun, di atas batas 65 tahun" in body
    queue["old"].refresh_from_db()
    assert queue["old"].status == Status.DIVERIFIKASI
    assert not EligibilityOverride.objects.exists()


def test_an_override_with_a_note_approves_and_is_recorded(personas, queue):
    client = login(personas["admin"])
    without_note = post_bulk(client, "approve", [queue["old"]], override="1", override_note=" ")
    assert "Centang pengecualian dan tulis alasannya" in without_note.content.decode()
    post_bulk(client, "approve", [queue["old"]], override="1", override_note="Keputusan rapat 3 Nov")
    worker = Worker.objects.get(pk=queue["old"].pk)
    assert worker.status == Status.DISETUJUI
    override = EligibilityOverride.objects.get(worker=worker)
    assert override.by == personas["admin"] and override.note == "Keputusan rapat 3 Nov"
    assert override.failed[0]["kind"] == "usia"
    last = worker.status_changes.last()
    assert last is not None and "Pengecualian aturan kelayakan: Keputusan rapat 3 Nov" in last.note
    assert AuditEvent.objects.filter(action="eligibility.override", object_id=str(worker.pk)).exists()


def test_returning_needs_a_note_and_keeps_the_row(personas, queue):
    response = post_bulk(login(personas["desa"]), "return", [queue["a"]])
    assert "Catatan wajib diisi untuk status Dikembalikan: tulis apa yang harus diperbaiki." in (
        response.content.decode()
    )
    queue["a"].refresh_from_db()
    assert queue["a"].status == Status.DIAJUKAN
    response = post_bulk(login(personas["desa"]), "return", [queue["a"]], note="KK belum difoto")
    queue["a"].refresh_from_db()
    assert queue["a"].status == Status.DIKEMBALIKAN
    assert queue["a"].status_changes.last().note == "KK belum difoto"


def test_nothing_selected_is_explained(personas, queue):
    response = login(personas["desa"]).post("/verifikasi/proses/", {"action": "verify"}, follow=True)
    assert "Pilih paling sedikit satu baris" in response.content.decode()


def test_a_worker_entered_elsewhere_is_evaluated_when_the_queue_shows_it(personas):
    make_worker(DESA_A, name="Tanpa Nilai", birth_date=dt.date(2010, 1, 1))  # no stored results yet
    client = login(personas["desa"])
    assert names(client, "eligibility=belum") == {"Tanpa Nilai"}
    body = client.get("/verifikasi/").content.decode()
    assert "✗ Umur 16 tahun, di bawah batas 18 tahun" in body
    assert names(client, "eligibility=tidak_layak") == {"Tanpa Nilai"}
