"""The status of one application, looked up by receipt number and birth date.

One answer for every channel that asks: the /status/ page and a WhatsApp "STATUS" message say the same things
(status, what happens next, the reason, the KPJ and the period covered, the office to ask), never the NIK.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lindung.core.models import Office
from lindung.workers.models import Status, StatusChange, Worker
from lindung.workers.workflow import REJECTION_REASONS

from .models import RepeatApplication
from .receipts import display_receipt_no

REASON_LABELS = dict(REJECTION_REASONS)


def _last_change(worker: Worker) -> StatusChange | None:
    return StatusChange.objects.filter(worker=worker, to_status=worker.status).order_by("-at", "-id").first()


def _public_reason(change: StatusChange | None) -> str:
    """The listed reason's words and the note; a code outside the list (ditolak_bpjs) is for staff only."""
    if change is None:
        return ""
    label = "" if change.reason == "lainnya" else REASON_LABELS.get(change.reason, "")
    return ". ".join(p for p in (label, change.note.strip()) if p)


def _current(worker: Worker) -> Worker:
    """A record merged into another answers with the status of the one that was kept."""
    seen = {worker.pk}
    while worker.merged_into_id and worker.merged_into_id not in seen:
        seen.add(worker.merged_into_id)
        worker = Worker.objects.get(pk=worker.merged_into_id)
    return worker


def _worker_answer(worker: Worker) -> dict[str, Any]:
    """What /status/ tells the applicant beyond the status: why, and for a member the KPJ and the period."""
    change = _last_change(worker)
    answer: dict[str, Any] = {"worker": worker, "today": timezone.localdate()}
    bpjs_refused = (
        worker.status == Status.DISETUJUI and change is not None and change.from_status == Status.DIUSULKAN
    )
    answer["bpjs_refused"] = bpjs_refused
    if worker.status in (Status.DIKEMBALIKAN, Status.DITOLAK) or bpjs_refused:
        answer["reason"] = _public_reason(change)
    if worker.status == Status.TERDAFTAR:
        answer["membership"] = worker.memberships.order_by("-start", "-id").first()
    answer["office"] = Office.for_kabupaten(worker.kabupaten_id or settings.DEFAULT_KABUPATEN)
    return answer


def application_status_lookup(*, receipt_no: str, birth_date: dt.date) -> dict[str, Any]:
    """The answer for a (normalised) receipt number and a birth date.

    Either {"not_found": True} — one answer for a wrong number and a wrong date, so nobody can probe — or the
    facts /status/ shows, with "message" and "coverage_note" as the sentences to read.
    """
    worker = Worker.objects.filter(receipt_no=receipt_no).first()
    answer: dict[str, Any]
    if worker is None:
        repeat = RepeatApplication.objects.filter(receipt_no=receipt_no, birth_date=birth_date).first()
        if repeat is None:
            return {"not_found": True}
        # Answered like any application waiting for the desa: the receipt never reveals the other record.
        # Once staff have spoken to the person, a neutral line says so.
        waiting = SimpleNamespace(status=Status.DIAJUKAN, get_status_display=Status.DIAJUKAN.label)
        desa = str(repeat.submitted.get("desa") or "")
        answer = {
            "worker": waiting,
            "today": timezone.localdate(),
            "office": Office.for_kabupaten(desa[:5] or settings.DEFAULT_KABUPATEN),
            "repeat_handled": repeat.handled_at is not None,
        }
    elif worker.birth_date != birth_date:
        return {"not_found": True}
    else:
        answer = _worker_answer(_current(worker))
    answer["receipt"] = display_receipt_no(receipt_no)
    answer["message"] = status_message(answer)
    answer["coverage_note"] = coverage_note(answer)
    return answer


def status_message(answer: dict[str, Any]) -> str:
    """What the status means for the applicant, and what happens next."""
    status = answer["worker"].status
    if answer.get("repeat_handled"):
        return _(
            "Permohonan ini sudah ditangani petugas. Bila ada pertanyaan, datanglah ke kantor desa/kelurahan "
            "dengan KTP."
        )
    if status == Status.DISETUJUI and answer.get("bpjs_refused"):
        return _(
            "BPJS Ketenagakerjaan belum dapat mendaftarkan Anda; Anda belum terlindungi. Dinas akan memeriksa "
            "data Anda dan mengajukannya kembali bila bisa diperbaiki."
        )
    sentences = {
        Status.DIAJUKAN: _("Permohonan menunggu pemeriksaan petugas desa/kelurahan."),
        Status.DIVERIFIKASI: _("Data sudah diperiksa petugas dan menunggu persetujuan Dinas."),
        Status.DISETUJUI: _(
            "Permohonan disetujui Dinas dan akan didaftarkan ke BPJS Ketenagakerjaan. Anda belum terlindungi "
            "sampai nomor KPJ dan tanggal mulai perlindungan terbit."
        ),
        Status.DIUSULKAN: _("Anda sudah diusulkan ke BPJS Ketenagakerjaan; tunggu kartu peserta."),
        Status.TERDAFTAR: _(
            "Anda terdaftar sebagai peserta BPJS Ketenagakerjaan (Jaminan Kecelakaan Kerja dan Jaminan "
            "Kematian); iuran dibayar Pemerintah Daerah."
        ),
        Status.DIKEMBALIKAN: _(
            "Permohonan dikembalikan untuk diperbaiki. Datanglah ke kantor desa/kelurahan dengan KTP dan Kartu "
            "Keluarga."
        ),
        Status.DITOLAK: _(
            "Permohonan tidak dapat disetujui. Bila menurut Anda ini keliru, sampaikan ke kantor desa/kelurahan "
            "atau Dinas."
        ),
    }
    return str(sentences.get(status, ""))


def _day(day: dt.date | None) -> str:
    return date_format(day, "j F Y") if day else ""


def coverage_note(answer: dict[str, Any]) -> str:
    """For a member: whether the person is protected today, and until or since when."""
    membership = answer.get("membership")
    if membership is None:
        return ""
    if membership.status == "berhenti":
        return _("Kepesertaan berakhir pada %(day)s; sejak itu tidak ada lagi perlindungan.") % {
            "day": _day(membership.end_date)
        }
    if membership.status == "nonaktif":
        return _(
            "Kepesertaan sedang nonaktif karena iuran tertunggak (tanggungan Pemerintah Daerah, bukan Anda). "
            "Selama nonaktif Anda tidak terlindungi."
        )
    if membership.start > answer["today"]:
        return _("Anda mulai terlindungi %(day)s. Sebelum tanggal itu Anda belum terlindungi.") % {
            "day": _day(membership.start)
        }
    return _("Anda terlindungi sampai %(day)s.") % {"day": _day(membership.end)}


def _line(label: str, value: object) -> str:
    return f"{label}: {value}"


def status_text(answer: dict[str, Any]) -> str:
    """The same answer as a short plain-text message (WhatsApp), in Indonesian whatever the server's language."""
    with translation.override("id"):
        if answer.get("not_found"):
            return _("Nomor tanda terima atau tanggal lahir tidak cocok. Periksa lagi keduanya.")
        worker = answer["worker"]
        lines = [
            _line(_("Nomor tanda terima"), answer["receipt"]),
            _line(_("Status"), worker.get_status_display()),
            answer["message"],
        ]
        if answer.get("reason"):
            label = _("Alasan dari BPJS") if answer.get("bpjs_refused") else _("Alasan")
            lines.append(f"{label}: {answer['reason']}")
        membership = answer.get("membership")
        if membership is not None:
            period = _day(membership.start) + (f" – {_day(membership.end)}" if membership.end else "")
            lines += [
                _line(_("Nomor KPJ"), membership.kpj),
                _line(_("Masa perlindungan"), period),
                _line(_("Status kepesertaan"), membership.get_status_display()),
                answer["coverage_note"],
            ]
        office = answer.get("office")
        if office is not None:
            lines.append(_line(_("Pertanyaan"), office.contact_line))
        return "\n".join(line for line in lines if line)
