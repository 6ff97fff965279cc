"""Demo data for the work queues: the registry seed already fills them; report what waits for whom.

One person is approved although a rule fails, with the written reason the approval form asks for: a 67-year-old
rubber tapper. The age limit is the kabupaten's own rule (BPJS sets none for BPU members), so the dinas may make an
exception; the worker page then shows the override and who made it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from lindung.accounts.models import User
from lindung.lib.nik import make_nik
from lindung.regions.models import Region
from lindung.verification.models import EligibilityOverride
from lindung.workers.models import Occupation, Status, Worker

from . import clock
from .entry import enter_worker, verify_and_approve

OVERRIDE_REF = "OVR-DEMO-001"
OVERRIDE_NOTE = (
    "Masih bekerja penuh sebagai penyadap karet dan satu-satunya pencari nafkah keluarga; BPJS "
    "Ketenagakerjaan tidak membatasi usia peserta BPU. Pengecualian disetujui Kepala Dinas (data demo)."
)


def _seed_override(out: Any) -> None:
    if Worker.objects.filter(source_ref=OVERRIDE_REF).exists():
        return
    operator = User.objects.get(username="desa")
    admin = User.objects.get(username="dinas")
    desa = Region.objects.get(code=operator.area_id)
    birth = dt.date(clock.today().year - 67, 5, 17)
    worker = enter_worker(
        user=operator,
        source_ref=OVERRIDE_REF,
        data={
            "nik": make_nik(str(desa.parent_id), birth, "L", 9201),  # serials the demo registry does not use
            "kk": f"{str(desa.parent_id).replace('.', '')}1203150042",
            "name": "Rusli Hamzah",
            "birth_place": "Sekayu",
            "birth_date": birth.isoformat(),
            "sex": "L",
            "address": "Lorong Karet RT 04",
            "desa": desa.code,
            "phone": "081273330417",
            "occupation": str(Occupation.objects.get(code="penyadap-karet").pk),
            "income": "900000",
            "segment": "rentan",
        },
    )
    verify_and_approve(
        worker=worker,
        verifier=operator,
        approver=admin,
        note="KTP dan KK asli dilihat di kantor kelurahan.",
        override_note=OVERRIDE_NOTE,
    )


def seed(out: Any) -> None:
    _seed_override(out)
    waiting = {
        s: Worker.objects.filter(status=s, merged_into__isnull=True).count()
        for s in (Status.DIAJUKAN, Status.DIVERIFIKASI)
    }
    out.write(
        f"Antrian verifikasi: {waiting[Status.DIAJUKAN]} menunggu operator (diajukan), "
        f"{waiting[Status.DIVERIFIKASI]} menunggu Dinas (diverifikasi) — /verifikasi/."
    )
    overrides = EligibilityOverride.objects.filter(worker__source_ref=OVERRIDE_REF).count()
    out.write(f"  {overrides} persetujuan dengan pengecualian aturan kelayakan (Rusli Hamzah, 67 tahun).")
