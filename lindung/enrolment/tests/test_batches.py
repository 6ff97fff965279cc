import io
import threading

import pytest
from django.db import connection
from python_calamine import CalamineWorkbook

from lindung.audit.models import AuditEvent
from lindung.conftest import DESA_A, DESA_LAIS, login, make_worker
from lindung.enrolment.batches import BatchError, batch_create, batch_export, batch_seal
from lindung.enrolment.models import BatchLine, EnrolmentBatch, ExportLayout, Membership
from lindung.workers.models import Status, Worker

from .conftest import START, approved

pytestmark = pytest.mark.django_db


def test_filters_and_projected_premium_on_the_page(personas, apbd):
    approved(3, DESA_A)
    approved(2, DESA_LAIS)
    make_worker(DESA_A, status=Status.DIVERIFIKASI)  # not approved yet: never in a batch
    client = login(personas["admin"])
    page = client.get(
        "/kepesertaan/batch/baru/",
        {"funding_source": apbd.pk, "coverage_start": "2026-01-01", "kecamatan": ["16.06.01"]},
    ).content.decode()
    assert "<b>3</b> pekerja berstatus Disetujui cocok." in page
    assert "Rp50.400" in page  # 3 × Rp16,800
    response = client.post(
        "/kepesertaan/batch/baru/",
        {"funding_source": apbd.pk, "coverage_start": "2026-01-01", "kecamatan": ["16.06.01"]},
        follow=True,
    )
    batch = EnrolmentBatch.objects.get()
    assert batch.status == EnrolmentBatch.Status.DRAFT
    assert batch.lines.count() == 3
    assert f"Draf batch {batch.number} dibuat." in response.content.decode()


def test_desil_and_occupation_filters(personas, apbd):
    approved(1, desil=1)
    approved(1, desil=3)
    batch = batch_create(
        user=personas["admin"], funding_source=apbd, coverage_start=START, filters={"desil": ["1"]}
    )
    assert batch.lines.count() == 1
    with pytest.raises(BatchError, match="Tidak ada pekerja"):
        batch_create(
            user=personas["admin"],
            funding_source=apbd,
            coverage_start=START,
            filters={"occupation": ["nelayan"]},
        )


def test_sealing_moves_workers_to_diusulkan_and_drops_the_ineligible(personas, apbd):
    keep, moved, member = approved(3)
    batch = batch_create(user=personas["admin"], funding_source=apbd, coverage_start=START, filters={})
    # Between drafting and sealing: one worker moved out of the kabupaten, one became a member elsewhere.
    Worker.objects.filter(pk=moved.pk).update(
        desa_id="16.07.01.2001", kecamatan_id="16.07.01", kabupaten_id="16.07"
    )
    Membership.objects.create(worker=member, kpj="12345678901", funding_source=apbd, start=START)
    result = batch_seal(batch=batch, by=personas["admin"])
    assert result.sealed == 1
    assert sorted(r for _n, r in result.dropped) == [
        "Domisili tidak lagi di kabupaten ini.",
        "Sudah menjadi peserta aktif BPJS Ketenagakerjaan.",
    ]
    keep.refresh_from_db()
    assert keep.status == Status.DIUSULKAN
    assert keep.status_changes.get(to_status="diusulkan").note == f"Batch {batch.number}"
    assert Worker.objects.get(pk=moved.pk).status == Status.DISETUJUI
    assert batch.lines.filter(result=BatchLine.Result.DROPPED).count() == 2


def test_a_batch_cannot_be_sealed_twice(personas, apbd):
    approved(2)
    batch = batch_create(user=personas["admin"], funding_source=apbd, coverage_start=START, filters={})
    stale = EnrolmentBatch.objects.get(pk=batch.pk)
    batch_seal(batch=batch, by=personas["admin"])
    with pytest.raises(BatchError, match="sudah dikunci sebelumnya; tidak bisa dikunci dua kali"):
        batch_seal(batch=stale, by=personas["admin"])
    assert Worker.objects.filter(status=Status.DIUSULKAN).count() == 2
    response = login(personas["admin"]).post(f"/kepesertaan/batch/{batch.pk}/kunci/", follow=True)
    assert "tidak bisa dikunci dua kali" in response.content.decode()


def test_a_worker_in_an_open_batch_is_not_offered_again(personas, apbd):
    approved(2)
    first = batch_create(user=personas["admin"], funding_source=apbd, coverage_start=START, filters={})
    # A second draft over the same workers (another start month: not a double submit of the first).
    later = START.replace(month=2)
    second = batch_create(user=personas["admin"], funding_source=apbd, coverage_start=later, filters={})
    batch_seal(batch=first, by=personas["admin"])
    with pytest.raises(BatchError, match="Tidak ada pekerja yang lolos"):
        batch_seal(batch=second, by=personas["admin"])
    second.refresh_from_db()
    assert second.status == EnrolmentBatch.Status.DRAFT  # nothing half-done


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_seals_one_wins(personas, apbd):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("in-memory SQLite shares one cache between threads; the race is proven on PostgreSQL")
    approved(5)
    batch = batch_create(user=personas["admin"], funding_source=apbd, coverage_start=START, filters={})
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def seal() -> None:
        from django.db import connections

        try:
            barrier.wait()
            batch_seal(batch=EnrolmentBatch.objects.get(pk=batch.pk), by=personas["admin"])
            outcomes.append("ok")
        except BatchError as exc:
            outcomes.append(str(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=seal) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 1
    assert any("tidak bisa dikunci dua kali" in o for o in outcomes)
    assert Worker.objects.filter(status=Status.DIUSULKAN).count() == 5
    assert AuditEvent.objects.filter(action="batch.seal").count() == 1


def _cells(content: bytes) -> list[list]:
    return CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()


def test_export_writes_the_default_columns_with_the_nik_as_text(personas, apbd):
    worker = approved(1)[0]
    batch = batch_create(user=personas["admin"], funding_source=apbd, coverage_start=START, filters={})
    batch_seal(batch=batch, by=personas["admin"])
    batch_export(batch=batch, by=personas["admin"])
    rows = _cells(batch.exported_file.read())
    assert rows[0][:4] == ["No", "NIK", "Nama", "Tempat Lahir"]
    assert rows[0][-3:] == ["Program", "Kode Wadah", "Mulai Kepesertaan"]
    assert rows[1][1] == worker.nik and isinstance(rows[1][1], str)
    assert rows[1][11] == 1_000_000  # declared income of the programme, not the worker's own
    assert rows[1][12:14] == ["JKK+JKM", "SG"]
    assert batch.status == EnrolmentBatch.Status.EXPORTED
    assert AuditEvent.objects.filter(action="batch.export", object_id=str(batch.pk)).exists()


def test_a_configured_layout_changes_the_columns(personas, apbd):
    approved(1)
    layout = ExportLayout.objects.create(
        name="Cabang Sekayu", columns=[["NO KTP", "nik"], ["NAMA TK", "name"]]
    )
    batch = batch_create(user=personas["admin"], funding_source=apbd, coverage_start=START, filters={})
    batch_seal(batch=batch, by=personas["admin"])
    batch_export(batch=batch, by=personas["admin"], layout=layout)
    assert _cells(batch.exported_file.read())[0] == ["NO KTP", "NAMA TK"]


def test_download_is_audited_and_scoped(personas, apbd):
    approved(1)
    batch = batch_create(user=personas["admin"], funding_source=apbd, coverage_start=START, filters={})
    batch_seal(batch=batch, by=personas["admin"])
    batch_export(batch=batch, by=personas["admin"])
    response = login(personas["bpjs"]).get(f"/kepesertaan/batch/{batch.pk}/unduh/")
    assert response.status_code == 200
    assert response.content[:2] == b"PK"
    assert AuditEvent.objects.filter(action="batch.download", actor=personas["bpjs"]).count() == 1
    assert login(personas["admin_lain"]).get(f"/kepesertaan/batch/{batch.pk}/unduh/").status_code == 404
    assert login(personas["desa"]).get(f"/kepesertaan/batch/{batch.pk}/").status_code == 403
    assert (
        login(personas["pimpinan"]).get(f"/kepesertaan/batch/{batch.pk}/").status_code == 403
    )  # figures only
    assert login(personas["pimpinan"]).post(f"/kepesertaan/batch/{batch.pk}/kunci/").status_code == 403


def test_sealing_applies_the_eligibility_rules(personas, apbd):
    import datetime as dt

    too_old = approved(1, birth_date=dt.date(1950, 1, 1))[0]
    approved(1)
    batch = batch_create(user=personas["admin"], funding_source=apbd, coverage_start=START, filters={})
    result = batch_seal(batch=batch, by=personas["admin"])
    assert result.sealed == 1
    assert result.dropped[0][0] == too_old.name and "di atas batas 65 tahun" in result.dropped[0][1]
    assert Worker.objects.get(pk=too_old.pk).status == Status.DISETUJUI


def test_a_layout_with_an_unknown_field_is_refused():
    from django.core.exceptions import ValidationError

    layout = ExportLayout(name="Salah", columns=[["NIK", "nik"], ["Gaji", "salary"]])
    with pytest.raises(ValidationError, match="Isian tidak dikenal: salary"):
        layout.full_clean()


@pytest.fixture
def keep_test_connection(monkeypatch):
    # The worker closes connections not in autocommit; inside the test transaction that would drop the
    # PostgreSQL test connection. Everything else is the real worker path.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)


def test_a_large_batch_is_sealed_by_the_db_worker(
    personas, apbd, settings, django_capture_on_commit_callbacks, keep_test_connection
):
    from django.core.management import call_command

    settings.ENROLMENT_INLINE_LIMIT = 2
    approved(3)
    batch = batch_create(user=personas["admin"], funding_source=apbd, coverage_start=START, filters={})
    client = login(personas["admin"])
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(f"/kepesertaan/batch/{batch.pk}/kunci/", follow=True).content.decode()
    assert "sedang diproses di latar belakang" in page
    assert Worker.objects.filter(status=Status.DIUSULKAN).count() == 0  # queued, not yet run
    assert (
        "tunggu sampai selesai"
        in client.post(f"/kepesertaan/batch/{batch.pk}/kunci/", follow=True).content.decode()
    )
    call_command("db_worker", "--batch", "--no-startup-delay")
    batch.refresh_from_db()
    assert batch.status == EnrolmentBatch.Status.SEALED and batch.job == ""
    assert batch.job_message == "Batch dikunci: 3 pekerja diusulkan, 0 dikeluarkan."
    assert Worker.objects.filter(status=Status.DIUSULKAN).count() == 3
    assert "Proses terakhir: Batch dikunci" in client.get(f"/kepesertaan/batch/{batch.pk}/").content.decode()


def test_a_seal_whose_worker_died_is_shown_and_can_be_run_again(personas, apbd, settings):
    from django.utils import timezone

    from lindung.core.leases import lease

    approved(2)
    batch = batch_create(user=personas["admin"], funding_source=apbd, coverage_start=START, filters={})
    # A worker took the seal (job claimed, start marked) and holds the lease: the page says "sedang diproses".
    EnrolmentBatch.objects.filter(pk=batch.pk).update(job="seal", job_started_at=timezone.now())
    client = login(personas["admin"])
    with lease(f"batch:{batch.pk}"):
        assert (
            "Sedang diproses di latar belakang"
            in client.get(f"/kepesertaan/batch/{batch.pk}/").content.decode()
        )
        refused = client.post(f"/kepesertaan/batch/{batch.pk}/kunci/", follow=True).content.decode()
        assert "tunggu sampai selesai" in refused
    # The worker is gone (its lease with it): the page says so, and the next press seals the batch.
    assert "Proses terhenti" in client.get(f"/kepesertaan/batch/{batch.pk}/").content.decode()
    client.post(f"/kepesertaan/batch/{batch.pk}/kunci/")
    batch.refresh_from_db()
    assert batch.status == EnrolmentBatch.Status.SEALED and batch.job == ""
    assert Worker.objects.filter(status=Status.DIUSULKAN).count() == 2


def test_the_same_batch_form_sent_twice_makes_one_draft(personas, apbd):
    approved(2)
    client = login(personas["admin"])
    assert client.get("/kepesertaan/batch/baru/").status_code == 200
    filters = {"kecamatan": ["16.06.01"]}
    first = batch_create(user=personas["admin"], funding_source=apbd, coverage_start=START, filters=filters)
    second = batch_create(user=personas["admin"], funding_source=apbd, coverage_start=START, filters=filters)
    assert first.pk == second.pk
    assert EnrolmentBatch.objects.count() == 1 and first.lines.count() == 2
    # Another filter is another batch, numbered next.
    third = batch_create(user=personas["admin"], funding_source=apbd, coverage_start=START, filters={})
    assert third.pk != first.pk and third.number.endswith("-002")


def test_the_start_date_is_in_the_date_input_as_iso(personas, apbd):
    from lindung.enrolment.forms import first_of_next_month

    page = login(personas["admin"]).get("/kepesertaan/batch/baru/").content.decode()
    start = first_of_next_month().isoformat()
    assert f'type="date" name="coverage_start" value="{start}"' in page


def test_an_approval_with_a_written_age_override_carries_through_sealing(personas, apbd):
    import datetime as dt

    from lindung.eligibility.services import eligibility_refresh
    from lindung.verification.services import worker_decide

    from .conftest import START

    old = dt.date(START.year - 67, 3, 5)
    overridden = make_worker(DESA_A, status=Status.DIVERIFIKASI, birth_date=old)
    eligibility_refresh(worker=overridden)
    worker_decide(
        worker=overridden,
        to=Status.DISETUJUI,
        by=personas["admin"],
        expected_version=overridden.version,
        override_note="Keputusan rapat 3 Nov",
    )
    undecided = make_worker(DESA_A, status=Status.DISETUJUI, birth_date=old)  # approved without a decision
    batch = batch_create(user=personas["admin"], funding_source=apbd, coverage_start=START, filters={})
    result = batch_seal(batch=batch, by=personas["admin"])
    assert result.sealed == 1
    assert Worker.objects.get(pk=overridden.pk).status == Status.DIUSULKAN
    assert [name for name, _reason in result.dropped] == [undecided.name]
    assert Worker.objects.get(pk=undecided.pk).status == Status.DISETUJUI
