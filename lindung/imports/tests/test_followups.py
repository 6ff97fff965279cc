"""Occupation aliases, flags for the verifier and updates from a newer extract, end to end: file in, preview
counts, Simpan, rows and history."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from lindung.audit.models import AuditEvent
from lindung.conftest import login
from lindung.imports import engine
from lindung.imports.models import ImportJob
from lindung.imports.services import import_job_accept_nik_mismatch
from lindung.lib.nik import make_nik
from lindung.workers.models import FlagKind, OccupationAlias, Status, Worker, WorkerFlag
from lindung.workers.timeline import worker_timeline

from .factory import HEADERS, commit, media, person, upload, xlsx_bytes

pytestmark = pytest.mark.django_db
S = ImportJob.Status


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    media(settings, tmp_path)


def _with_occupation(serial: int, occupation: Any) -> list[Any]:
    row = person(serial)
    row[9] = occupation
    return row


def test_outside_occupations_map_through_the_alias_table_and_the_rest_is_counted(personas: Any) -> None:
    rows = [
        _with_occupation(1, "PEKERJA LEPAS"),  # P3KE
        _with_occupation(2, "BURUH TANI/PERKEBUNAN"),  # Dukcapil name (OpenSID "Huruf", SIAK)
        _with_occupation(3, "Nelayan / Perikanan"),  # the same, spelled otherwise
        _with_occupation(4, "26"),  # Dukcapil code: TUKANG BATU
        _with_occupation(5, "jual pulsa"),
        _with_occupation(6, "JUAL PULSA"),
        _with_occupation(7, "Penangkar walet"),
    ]
    job = upload(personas["kecamatan"], xlsx_bytes(rows))
    assert job.status == S.CHECKED and job.valid == 7
    assert job.unmapped_occupations == {"JUAL PULSA": 2, "PENANGKAR WALET": 1}
    page = login(personas["kecamatan"]).get(reverse("import_detail", args=[job.pk])).content.decode()
    assert "JUAL PULSA" in page and "Pekerjaan yang dicatat sebagai Lainnya" in page
    job = commit(job, personas["kecamatan"])
    codes = {w.nik: w.occupation.code for w in Worker.objects.filter(import_job_id=job.pk)}  # type: ignore[union-attr]
    assert [codes[person(n)[1]] for n in range(1, 8)] == [
        "buruh-harian", "buruh-tani", "nelayan", "tukang-bangunan", "lainnya", "lainnya", "lainnya",
    ]  # fmt: skip
    assert not WorkerFlag.objects.exists()


def test_an_alias_added_by_the_dinas_is_used_by_the_next_import(personas: Any) -> None:
    OccupationAlias.objects.create(text="Jual pulsa", occupation=_occupation("pedagang"))
    job = upload(personas["kecamatan"], xlsx_bytes([_with_occupation(1, "JUAL-PULSA")]))
    assert job.unmapped_occupations == {}
    commit(job, personas["kecamatan"])
    assert Worker.objects.get(nik=person(1)[1]).occupation.code == "pedagang"  # type: ignore[union-attr]


def _occupation(code: str) -> Any:
    from lindung.workers.models import Occupation

    return Occupation.objects.get(code=code)


def test_people_who_do_not_work_are_imported_flagged_with_the_reason(personas: Any) -> None:
    rows = [
        _with_occupation(1, "PELAJAR/MAHASISWA"),
        _with_occupation(2, "TIDAK/BELUM BEKERJA"),
        _with_occupation(3, "PNS/TNI/POLRI"),
        _with_occupation(4, "Petani"),
    ]
    job = upload(personas["kecamatan"], xlsx_bytes(rows))
    assert (job.valid, job.flagged_not_working, job.warnings) == (4, 3, 3)
    page = login(personas["kecamatan"]).get(reverse("import_detail", args=[job.pk])).content.decode()
    assert 'id="flagged-not-working">3<' in page
    job = commit(job, personas["kecamatan"])
    flags = {f.worker.nik: f for f in WorkerFlag.objects.select_related("worker")}
    assert set(flags) == {person(n)[1] for n in (1, 2, 3)}
    student = flags[person(1)[1]]
    assert student.kind == FlagKind.NOT_WORKING and student.is_open
    assert "PELAJAR/MAHASISWA" in student.detail and "Pelajar/mahasiswa" in student.detail
    state = Worker.objects.get(nik=person(3)[1])
    assert state.occupation is not None and state.occupation.code == "asn-tni-polri"
    assert Worker.objects.get(nik=person(1)[1]).occupation is None


def _mismatched(serial: int) -> list[Any]:
    """A row whose stated birth date is not the one its NIK encodes (Dukcapil corrected it later)."""
    row = person(serial)
    row[4] = "08/06/1985"  # the NIK says 07/06/1985
    return row


def test_a_birth_date_that_disagrees_with_the_nik_is_refused_unless_the_operator_accepts_it(
    personas: Any,
) -> None:
    job = upload(personas["kecamatan"], xlsx_bytes([_mismatched(1), person(2)]))
    assert (job.valid, job.invalid, job.refused_nik_mismatch, job.flagged_nik) == (1, 1, 1, 0)
    client = login(personas["kecamatan"])
    page = client.get(reverse("import_detail", args=[job.pk])).content.decode()
    assert "Terima dengan tanda dan periksa ulang" in page
    import_job_accept_nik_mismatch(job=job, by=personas["kecamatan"])
    job = engine.run_check(job.pk)
    assert (job.valid, job.invalid, job.flagged_nik) == (2, 0, 1)
    job = commit(job, personas["kecamatan"])
    worker = Worker.objects.get(nik=person(1)[1])
    assert worker.birth_date == dt.date(1985, 6, 8)  # as stated; the verifier settles which is right
    flag = WorkerFlag.objects.get(worker=worker)
    assert flag.kind == FlagKind.NIK_BIRTH and "07-06-1985" in flag.detail


def test_dukcapil_records_come_in_flagged_without_asking(personas: Any) -> None:
    job = upload(personas["kecamatan"], xlsx_bytes([_mismatched(1)]), source="dukcapil")
    assert (job.valid, job.flagged_nik) == (1, 1)
    headers = [*HEADERS, "Padan Dukcapil"]
    rows = [[*_mismatched(2), "Ya"], [*_mismatched(3), "Tidak"]]
    job = upload(personas["kecamatan"], xlsx_bytes(rows, headers), source="p3ke")
    assert (job.valid, job.invalid, job.flagged_nik, job.refused_nik_mismatch) == (1, 1, 1, 1)
    commit(job, personas["kecamatan"])
    assert WorkerFlag.objects.filter(worker__nik=person(2)[1], kind=FlagKind.NIK_BIRTH).exists()


P3KE_HEADERS = [*HEADERS, "ID P3KE", "Desil P3KE"]


def _p3ke(serial: int, ref: str, desil: Any) -> list[Any]:
    return [*person(serial), ref, desil]


def test_a_newer_p3ke_extract_updates_desil_and_id_of_registered_workers_with_a_preview(
    personas: Any,
) -> None:
    user = personas["kecamatan"]
    first = commit(
        upload(user, xlsx_bytes([_p3ke(1, "ID-1", 3), _p3ke(2, "ID-2", "")], P3KE_HEADERS), source="p3ke"),
        user,
    )
    assert first.rows_written == 2
    verified = Worker.objects.get(nik=person(2)[1])
    Worker.objects.filter(pk=verified.pk).update(status=Status.DIVERIFIKASI)
    rows = [_p3ke(1, "ID-1", 2), _p3ke(2, "ID-2b", 1), _p3ke(3, "ID-3", 1)]
    job = upload(user, xlsx_bytes(rows, P3KE_HEADERS), name="p3ke-2026.xlsx", source="p3ke")
    assert (job.valid, job.already_registered, job.changes, job.changes_verified) == (1, 2, 2, 1)
    assert Worker.objects.get(nik=person(1)[1]).desil == 3  # nothing applied before Simpan
    page = login(user).get(reverse("import_detail", args=[job.pk])).content.decode()
    assert "Perubahan pada pekerja terdaftar" in page and "ID-2b" in page and "sudah diverifikasi" in page
    job = commit(job, user)
    assert (job.rows_written, job.changes_applied) == (1, 2)
    one, two = Worker.objects.get(nik=person(1)[1]), Worker.objects.get(nik=person(2)[1])
    assert (one.desil, one.source_ref, two.desil, two.source_ref) == (2, "ID-1", 1, "ID-2b")
    assert two.status == Status.DIVERIFIKASI
    event = AuditEvent.objects.get(action="worker.import_update", object_id=str(two.pk))
    assert event.changes["desil"] == [None, "1"] and event.changes["source_ref"] == ["ID-2", "ID-2b"]
    assert any("Diperbarui dari impor" in e.label for e in worker_timeline(two))


def test_an_update_does_not_overwrite_a_value_changed_after_the_preview(personas: Any) -> None:
    user = personas["kecamatan"]
    commit(upload(user, xlsx_bytes([_p3ke(1, "ID-1", 3)], P3KE_HEADERS), source="p3ke"), user)
    job = upload(user, xlsx_bytes([_p3ke(1, "ID-1", 2)], P3KE_HEADERS), source="p3ke")
    assert (job.valid, job.changes) == (0, 1)
    Worker.objects.filter(nik=person(1)[1]).update(desil=4)  # an operator's edit in between
    job = commit(job, user)
    assert job.status == S.DONE and job.changes_applied == 0
    assert Worker.objects.get(nik=person(1)[1]).desil == 4


def test_a_plain_import_changes_nothing_on_registered_workers(personas: Any) -> None:
    user = personas["kecamatan"]
    commit(upload(user, xlsx_bytes([_p3ke(1, "ID-1", 3)], P3KE_HEADERS), source="p3ke"), user)
    job = upload(user, xlsx_bytes([_p3ke(1, "ID-9", 1)], P3KE_HEADERS), source="impor")
    assert job.changes == 0


def test_make_nik_helper_is_consistent() -> None:
    assert make_nik("16.06.01", dt.date(1985, 6, 7), "L", 1)[6:12] == "070685"


def test_the_verifier_sees_the_flag_and_approval_waits_until_it_is_cleared(personas: Any) -> None:
    from lindung.verification.services import FlagOpenError, worker_decide

    user, admin = personas["kecamatan"], personas["admin"]
    commit(upload(user, xlsx_bytes([_with_occupation(1, "MENGURUS RUMAH TANGGA")])), user)
    worker = Worker.objects.get(nik=person(1)[1])
    client = login(user)
    queue = client.get(reverse("verification_queue")).content.decode()
    assert "⚑ Pekerjaan di berkas impor: MENGURUS RUMAH TANGGA" in queue
    page = client.get(reverse("worker_detail", args=[worker.pk])).content.decode()
    assert 'id="flags"' in page and "Selesaikan tanda" in page
    # Verifying (first level) is not blocked; approval by the dinas is.
    worker = worker_decide(worker=worker, to=Status.DIVERIFIKASI, by=user, expected_version=worker.version)
    with pytest.raises(FlagOpenError, match="MENGURUS RUMAH TANGGA"):
        worker_decide(worker=worker, to=Status.DISETUJUI, by=admin, expected_version=worker.version)
    flag = WorkerFlag.objects.get(worker=worker)
    response = client.post(reverse("worker_flag_clear", args=[worker.pk, flag.pk]), {"note": ""})
    assert response.status_code == 302 and WorkerFlag.objects.get(pk=flag.pk).is_open
    client.post(
        reverse("worker_flag_clear", args=[worker.pk, flag.pk]),
        {"note": "Berjualan kue di pasar setiap hari (dicek di rumah)"},
    )
    flag.refresh_from_db()
    assert not flag.is_open and flag.cleared_by == user
    worker.refresh_from_db()
    worker_decide(
        worker=worker, to=Status.DISETUJUI, by=admin, expected_version=worker.version, override_note="cek"
    )
    assert Worker.objects.get(pk=worker.pk).status == Status.DISETUJUI
    labels = [e.label for e in worker_timeline(worker)]
    assert "Tanda pemeriksaan diselesaikan" in labels


def test_a_registered_worker_reported_dead_is_flagged_for_review_not_ended(personas: Any) -> None:
    user = personas["kecamatan"]
    commit(upload(user, xlsx_bytes([person(1), person(2)])), user)
    worker = Worker.objects.get(nik=person(1)[1])
    headers = [*HEADERS, "Status Penduduk"]
    rows = [[*person(1), "MATI"], [*person(2), "HIDUP"], [*person(3), "PINDAH"]]
    job = upload(user, xlsx_bytes(rows, headers), name="siak-2026.xlsx", source="dukcapil")
    assert (job.valid, job.already_registered, job.status_reports) == (0, 1, 1)
    page = login(user).get(reverse("import_detail", args=[job.pk])).content.decode()
    assert 'id="status-reports"' in page and "MATI" in page and "Simpan data valid" in page
    assert not WorkerFlag.objects.exists()  # nothing before Simpan
    job = commit(job, user)
    assert job.status == S.DONE and job.rows_written == 0
    flag = WorkerFlag.objects.get(worker=worker)
    assert flag.kind == FlagKind.RESIDENCY and "MATI" in flag.detail and "siak-2026.xlsx" in flag.detail
    assert Worker.objects.get(pk=worker.pk).status == Status.DIAJUKAN  # reviewed by a person, not ended here
    # The same report in a later extract does not stack a second open flag.
    again = commit(upload(user, xlsx_bytes(rows, headers), name="siak-2027.xlsx", source="dukcapil"), user)
    assert again.status == S.DONE and WorkerFlag.objects.filter(worker=worker).count() == 1
