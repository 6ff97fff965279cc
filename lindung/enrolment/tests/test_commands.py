import io

import pytest
from django.core.management import CommandError, call_command
from python_calamine import CalamineWorkbook

from lindung.audit.models import AuditEvent
from lindung.conftest import DESA_LAIS
from lindung.enrolment.models import EnrolmentBatch, Membership
from lindung.workers.models import Status, Worker

from .conftest import approved, sealed_batch

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_export_then_results_from_the_command_line(personas, apbd, tmp_path):
    sekayu = approved(2)
    approved(1, DESA_LAIS)
    out = tmp_path / "batch.xlsx"
    printed = run("enrolment_export", "--out", str(out), "--kecamatan", "16.06.01", "--start", "2026-02-01")
    batch = EnrolmentBatch.objects.get()
    assert f"Batch {batch.number} (id {batch.pk}): 2 pekerja diusulkan" in printed
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert sorted(r[1] for r in rows[1:]) == sorted(w.nik for w in sekayu)
    results = tmp_path / "hasil.csv"
    results.write_text(
        "NIK,KPJ,Status,Alasan,Tanggal Efektif\n"
        f"{sekayu[0].nik},16010000001,diterima,,01/02/2026\n"
        f"{sekayu[1].nik},,ditolak,Data ganda di BPJS,\n"
    )
    printed = run("enrolment_results", str(results), "--dry-run")
    assert "diterima: 1" in printed and "ditolak: 1" in printed and "Tidak diterapkan" in printed
    assert not Membership.objects.exists()
    printed = run("enrolment_results", str(results))
    assert "Diterapkan: 1 diterima, 1 ditolak." in printed
    assert Membership.objects.get().kpj == "16010000001"
    assert Worker.objects.get(pk=sekayu[0].pk).status == Status.TERDAFTAR
    assert Worker.objects.get(pk=sekayu[1].pk).status == Status.DISETUJUI


def test_results_with_mismatches_are_not_applied_by_default(personas, apbd, tmp_path):
    worker = approved(1)[0]
    run("enrolment_export", "--out", str(tmp_path / "b.xlsx"))
    batch = EnrolmentBatch.objects.get()
    results = tmp_path / "hasil.csv"
    results.write_text(
        f"NIK,KPJ,Status\n{worker.nik},16010000001,diterima\n1606014503900999,16010000002,diterima\n"
    )
    with pytest.raises(CommandError, match="tidak ada yang diterapkan"):
        run("enrolment_results", str(results), "--batch", str(batch.pk), "--apply")
    assert not Membership.objects.exists()
    assert Worker.objects.get(pk=worker.pk).status == Status.DIUSULKAN


def test_export_with_nothing_to_send_says_so(personas, apbd, tmp_path):
    with pytest.raises(CommandError, match="Tidak ada pekerja berstatus Disetujui"):
        run("enrolment_export", "--out", str(tmp_path / "b.xlsx"))


def test_mark_sent_from_the_command_line_as_on_the_page(personas, apbd, tmp_path):
    approved(1)
    run("enrolment_export", "--out", str(tmp_path / "b.xlsx"))
    batch = EnrolmentBatch.objects.get()
    assert batch.status == EnrolmentBatch.Status.EXPORTED
    printed = run("enrolment_export", "--mark-sent", str(batch.pk), "--note", "Surel ke KC Sekayu")
    assert f"Batch {batch.number} (id {batch.pk}): Berkas batch dicatat sudah dikirim ke BPJS." in printed
    batch.refresh_from_db()
    assert batch.status == EnrolmentBatch.Status.SENT
    assert (batch.sent_by, batch.sent_note) == (personas["admin"], "Surel ke KC Sekayu")
    event = AuditEvent.objects.get(action="batch.send", object_id=str(batch.pk))
    assert event.actor == personas["admin"] and event.changes["note"] == "Surel ke KC Sekayu"
    with pytest.raises(CommandError, match="Berkas batch ini sudah ditandai dikirim"):
        run("enrolment_export", "--mark-sent", str(batch.pk))
    assert AuditEvent.objects.filter(action="batch.send").count() == 1


def test_mark_sent_is_refused_before_the_file_exists_and_outside_the_users_area(personas, apbd):
    approved(1)
    unsent = sealed_batch(personas["admin"], apbd)
    with pytest.raises(CommandError, match="Buat berkas untuk BPJS dulu"):
        run("enrolment_export", "--mark-sent", str(unsent.pk))
    with pytest.raises(CommandError, match="tidak ada di wilayah pengguna ini"):
        run("enrolment_export", "--mark-sent", str(unsent.pk), "--user", personas["admin_lain"].username)
    with pytest.raises(CommandError, match="tidak berwenang mengelola batch"):
        run("enrolment_export", "--mark-sent", str(unsent.pk), "--user", personas["bpjs"].username)
    with pytest.raises(CommandError, match="tidak dipakai bersama --kecamatan"):
        run("enrolment_export", "--mark-sent", str(unsent.pk), "--kecamatan", "16.06.01")
    with pytest.raises(CommandError, match="--out --mark-sent"):  # argparse: one of the two is required
        run("enrolment_export")
    unsent.refresh_from_db()
    assert unsent.status == EnrolmentBatch.Status.SEALED and unsent.sent_at is None
    assert not AuditEvent.objects.filter(action="batch.send").exists()
