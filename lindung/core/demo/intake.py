"""Demo public applications through the real form and service, some returned or rejected with reasons."""

from __future__ import annotations

import datetime as dt
from typing import Any

from lindung.accounts.models import User
from lindung.intake.forms import ApplicationForm
from lindung.intake.models import RepeatApplication
from lindung.intake.receipts import display_receipt_no
from lindung.intake.services import application_submit, repeat_application_record
from lindung.lib.nik import make_nik
from lindung.regions.models import Region
from lindung.workers.models import Occupation, Status, Worker
from lindung.workers.workflow import worker_transition

# name, sex, birth date, occupation, what happens next (status, reason, note)
APPLICANTS = [
    ("Sri Wahyuni", "P", dt.date(1985, 4, 12), "pedagang-kaki-lima", None),
    ("Bambang Irawan", "L", dt.date(1979, 9, 1), "tukang-bangunan", None),
    (
        "Rina Marlina",
        "P",
        dt.date(1992, 1, 23),
        "buruh-tani",
        (Status.DIKEMBALIKAN, "", "Foto KK tidak terbaca; bawa KK asli ke kantor desa."),
    ),
    (
        "Joko Susilo",
        "L",
        dt.date(1958, 6, 30),
        "penyadap-karet",
        (Status.DITOLAK, "usia", "Umur di atas 65 tahun."),
    ),
    (
        "Dedi Kurniawan",
        "L",
        dt.date(1990, 11, 5),
        "ojek",
        (Status.DITOLAK, "sudah_peserta", "Terdaftar lewat ojek daring."),
    ),
    ("Yuliani", "P", dt.date(1988, 2, 14), "asisten-rumah-tangga", (Status.DIVERIFIKASI, "", "")),
    ("Suparman", "L", dt.date(1959, 3, 3), "nelayan", (Status.DIVERIFIKASI, "", "")),
    (
        "Wati Handayani",
        "P",
        dt.date(1995, 8, 17),
        "pedagang-keliling",
        (Status.DIKEMBALIKAN, "", "Nomor HP tidak aktif; datang ke kantor desa."),
    ),
]


def _form_data(
    n: int, name: str, sex: str, birth: dt.date, occupation: str, nik: str, kecamatan: str, desa: Region
) -> dict[str, Any]:
    return {
        "nik": nik,
        "kk": f"{kecamatan.replace('.', '')}0101{20 + n:02d}{n:04d}",
        "name": name,
        "birth_place": "Sekayu",
        "birth_date": birth.isoformat(),
        "sex": sex,
        "address": f"Dusun {n} RT 0{n}",
        "desa": desa.code,
        "phone": f"08127000{n:04d}",
        "occupation": str(Occupation.objects.get(code=occupation).pk),
        "income": "1.200.000",
        "segment": "rentan",
        "is_asn": "tidak",
        "bpjs_active": "ya" if n == 5 else "tidak",
        "consent": "on",
        "form_token": f"demo-application-{n:04d}",
    }


def seed_repeat(out: Any, kecamatan: str, desa: Region) -> None:
    """Someone applies again with a registered NIK: the same receipt, an entry beside the duplicate review."""
    token = "demo-repeat-application-0001"  # noqa: S105 — a form token, not a secret
    if RepeatApplication.objects.filter(form_token=token).exists():
        return
    name, sex, birth, occupation, _then = APPLICANTS[0]
    nik = make_nik(kecamatan, birth, sex, 9001)
    data = _form_data(1, name, sex, birth, occupation, nik, kecamatan, desa) | {"form_token": token}
    data["phone"] = "081270009999"
    form = ApplicationForm(data)
    if form.is_valid():
        repeat = application_submit(form=form)
        out.write(
            f"  Pengajuan ulang dengan NIK terdaftar ({name}): tanda terima "
            f"{display_receipt_no(repeat.receipt_no or '')}, tampil di /duplikat/ dan di halaman pekerjanya."
        )


def seed_repeat_field_entry(out: Any, kecamatan: str) -> None:
    """An operator of another kecamatan enters a person registered in the demo desa: the page answered as for a
    new person, the entry waits beside the registered worker (issue 17, finding 4)."""
    operator = User.objects.get(username="desa2")
    name, sex, birth, occupation, _then = APPLICANTS[1]
    worker = Worker.objects.filter(nik=make_nik(kecamatan, birth, sex, 9002)).first()
    if worker is None or worker.repeat_applications.filter(via=RepeatApplication.Via.PETUGAS).exists():
        return
    data = {
        "name": name,
        "birth_date": birth,
        "sex": sex,
        "desa": Region.objects.get(code=operator.area_id),
        "address": "Dusun III RT 01",
        "phone": "081270008888",
        "occupation": Occupation.objects.get(code=occupation),
    }
    repeat_application_record(worker=worker, data=data, via=RepeatApplication.Via.PETUGAS, by=operator)
    out.write(
        f"  Entri petugas desa2 dengan NIK terdaftar di desa lain ({name}): tidak menjadi data kedua, "
        "tampil di /duplikat/ untuk dinas dan desa asal."
    )


def seed(out: Any) -> None:
    desa_user = User.objects.get(username="desa")
    desa = Region.objects.get(code=desa_user.area_id)
    kecamatan = str(desa.parent_id)
    created = 0
    for n, (name, sex, birth, occupation, then) in enumerate(APPLICANTS, start=1):
        nik = make_nik(kecamatan, birth, sex, 9000 + n)  # serials the demo registry does not use
        if Worker.objects.filter(nik=nik).exists():
            continue
        form = ApplicationForm(_form_data(n, name, sex, birth, occupation, nik, kecamatan, desa))
        if not form.is_valid():
            raise RuntimeError(f"demo application {name}: {form.errors.as_text()}")
        worker = application_submit(form=form)
        assert isinstance(worker, Worker)  # these NIKs are new
        created += 1
        if then:
            to, reason, note = then
            if to == Status.DITOLAK or to == Status.DIKEMBALIKAN:
                worker_transition(worker=worker, to=to, by=desa_user, reason=reason, note=note)
            else:
                worker_transition(worker=worker, to=to, by=desa_user)
    mandiri = Worker.objects.filter(source_ref="", source="mandiri", receipt_no__isnull=False, desa=desa)
    out.write(f"Permohonan mandiri demo: {created} dibuat, {mandiri.count()} ada di desa {desa.name}.")
    out.write("  Coba /status/ dengan nomor tanda terima dan tanggal lahir:")
    shown = [mandiri.filter(status=s).order_by("id").first() for s in (Status.DIAJUKAN, Status.DIKEMBALIKAN)]
    for worker in filter(None, shown):
        out.write(
            f"  {display_receipt_no(worker.receipt_no or '')}  lahir {worker.birth_date:%d-%m-%Y}"
            f"  ({worker.get_status_display()})"
        )
    seed_repeat(out, kecamatan, desa)
    seed_repeat_field_entry(out, kecamatan)
