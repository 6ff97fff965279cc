"""Demo office profile (letterhead, signatory, contact) and a numbered membership letter to open and verify."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from lindung.accounts.models import User
from lindung.core.models import Office
from lindung.enrolment.letter import letter_issue
from lindung.enrolment.models import Membership, MembershipLetter


def seed(out: Any) -> None:
    kab = settings.DEFAULT_KABUPATEN
    office, _created = Office.objects.get_or_create(
        kabupaten_id=kab,
        defaults={
            "government": "Pemerintah Kabupaten Musi Banyuasin",
            "name": "Dinas Tenaga Kerja dan Transmigrasi Kabupaten Musi Banyuasin",
            "address": "Jl. Kolonel Wahid Udin, Kelurahan Serasan Jaya, Sekayu",
            "phone": "(0714) 000 0000",
            "whatsapp": "0811-0000-1606",
            "email": "disnakertrans@contoh.musibanyuasinkab.go.id",
            "hours": "Senin–Jumat 08.00–15.00 WIB",
            "city": "Sekayu",
            "signatory_name": "Contoh Nama Kepala Dinas, S.H., M.Si.",
            "signatory_nip": "197001011995031001",
            "signatory_title": "Kepala Dinas Tenaga Kerja dan Transmigrasi",
            "letter_prefix": "560/SKK/Disnakertrans",
        },
    )
    membership = (
        Membership.objects.filter(funding_source__kabupaten_id=kab, status=Membership.Status.AKTIF)
        .select_related("worker", "funding_source__kabupaten")
        .order_by("pk")
        .first()
    )
    if membership is None:
        out.write("Surat kepesertaan: belum ada peserta aktif.")
        return
    existing = MembershipLetter.objects.filter(membership__funding_source__kabupaten_id=kab).count()
    letter = letter_issue(membership=membership, by=User.objects.filter(username="admin").first())
    out.write(
        f"Surat kepesertaan: {office.name}; surat nomor {letter.number} untuk {membership.worker.name} "
        f"(/kepesertaan/{membership.pk}/surat.pdf, verifikasi /verifikasi-surat/{letter.token}/)"
        + (" sudah ada." if existing else ".")
    )
