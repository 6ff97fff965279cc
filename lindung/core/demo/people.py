"""Demo logins, agencies and about 5,000 workers spread over the kabupaten's desa, in every status."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lindung.accounts.models import Agency, Role, User
from lindung.lib.names import normalize_name
from lindung.lib.nik import make_nik
from lindung.regions.models import Region
from lindung.workers.models import Occupation, Segment, Sex, Source, Status, StatusChange, Worker

from . import clock
from .names import FEMALE, MALE, PLACES, SECOND, SECOND_FEMALE, STREETS

DEMO_PASSWORD = "lindung-demo-2026"  # noqa: S105 — printed on purpose: these are demo logins
DEMO_WORKERS = 5000
AGENCIES = [
    ("DINKES", "Dinas Kesehatan"),
    ("DISDIK", "Dinas Pendidikan"),
    ("PUPR", "Dinas Pekerjaan Umum dan Penataan Ruang"),
    ("DISNAKER", "Dinas Tenaga Kerja dan Transmigrasi"),
    ("SATPOLPP", "Satuan Polisi Pamong Praja"),
    ("DISHUB", "Dinas Perhubungan"),
]
STATUS_SHARE = [
    (Status.DIAJUKAN, 0.25),
    (Status.DIVERIFIKASI, 0.15),
    (Status.DISETUJUI, 0.15),
    (Status.DIUSULKAN, 0.05),
    (Status.TERDAFTAR, 0.33),
    (Status.DIKEMBALIKAN, 0.04),
    (Status.DITOLAK, 0.03),
]
PATH: list[str] = [Status.DIAJUKAN, Status.DIVERIFIKASI, Status.DISETUJUI, Status.DIUSULKAN, Status.TERDAFTAR]


def _kabupaten() -> Region:
    return Region.objects.get(code=settings.DEFAULT_KABUPATEN)


def seed_agencies(out: Any) -> None:
    kabupaten = _kabupaten()
    for code, name in AGENCIES:
        Agency.objects.get_or_create(code=code, defaults={"name": name, "kabupaten": kabupaten})


def _desa_list(kabupaten: Region) -> list[Region]:
    return list(
        Region.objects.filter(level=Region.Level.DESA, code__startswith=kabupaten.code + ".").order_by("code")
    )


def demo_logins() -> list[tuple[str, str, str]]:
    """(username, role, area code) of every demo login."""
    kabupaten = _kabupaten()
    desa = _desa_list(kabupaten)
    first_kecamatan = desa[0].parent_id
    other = next(d for d in desa if d.parent_id != first_kecamatan)
    return [
        ("dinas", Role.ADMIN_DINAS, kabupaten.code),
        ("kecamatan", Role.OPERATOR_KECAMATAN, str(first_kecamatan)),
        ("desa", Role.OPERATOR_DESA, desa[0].code),
        ("desa2", Role.OPERATOR_DESA, other.code),
        ("opd", Role.OPERATOR_OPD, kabupaten.code),
        ("bpjs", Role.PETUGAS_BPJS, kabupaten.code),
        ("pimpinan", Role.PIMPINAN, kabupaten.code),
        ("provinsi", Role.PEMANTAU_PROVINSI, str(kabupaten.parent_id)),
    ]


def seed_users(out: Any) -> None:
    agency = Agency.objects.get(code="DINKES")
    for username, role, area in demo_logins():
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "role": role,
                "area_id": area,
                "agency": agency if role == Role.OPERATOR_OPD else None,
                "is_staff": role == Role.ADMIN_DINAS,
                "first_name": username.capitalize(),
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
    out.write(f"Login demo (kata sandi semua: {DEMO_PASSWORD}):")
    for username, role, area in demo_logins():
        region = Region.objects.get(code=area)
        out.write(f"  {username:<10} {Role(role).label:<20} {region.name} ({area})")


def _name(rng: random.Random, sex: str) -> str:
    first = rng.choice(MALE if sex == Sex.L else FEMALE)
    shape = rng.random()
    if shape < 0.25:
        return first  # one name only, as many Indonesians have
    second = rng.choice(SECOND if sex == Sex.L else SECOND_FEMALE)
    if shape < 0.9 or first == "Muhammad":
        return f"{first} {second}"
    return f"{first} {rng.choice(MALE if sex == Sex.L else FEMALE)} {second}"


def seed_workers(out: Any) -> None:
    kabupaten = _kabupaten()
    if Worker.objects.filter(kabupaten=kabupaten, source_ref__startswith="DEMO-").exists():
        out.write("Pekerja demo sudah ada.")
        return
    rng = random.Random(1606)  # the same demo on every machine
    desa = _desa_list(kabupaten)
    # What a form offers: not the inactive catalogue rows (the state's own staff, kept for imported files).
    offered = Occupation.objects.for_kabupaten(kabupaten.code).filter(active=True)
    occupations = list(offered.exclude(code="tenaga-honorer"))
    honorer = Occupation.objects.get(code="tenaga-honorer")
    agencies = list(Agency.objects.filter(kabupaten=kabupaten))
    admin = User.objects.get(username="dinas")
    today = clock.today()
    serials: dict[tuple[str, str], int] = defaultdict(int)
    workers: list[Worker] = []
    statuses = [s for s, _ in STATUS_SHARE]
    weights = [w for _, w in STATUS_SHARE]
    for i in range(DEMO_WORKERS):
        place = rng.choice(desa)
        sex = rng.choice([Sex.L, Sex.L, Sex.P])
        birth = today - dt.timedelta(days=rng.randint(18 * 366, 64 * 365))
        kecamatan = str(place.parent_id)
        key = (kecamatan, f"{birth:%d%m%y}{sex}")
        serials[key] += 1
        non_asn = rng.random() < 0.06
        workers.append(
            Worker(
                nik=make_nik(kecamatan, birth, sex, serials[key]),
                kk=f"{kecamatan.replace('.', '')}{rng.randint(1, 28):02d}{rng.randint(1, 12):02d}"
                f"{rng.randint(10, 24):02d}{rng.randint(1, 9999):04d}",
                name=_name(rng, sex),
                birth_place=rng.choice(PLACES),
                birth_date=birth,
                sex=sex,
                address=f"{rng.choice(STREETS)} No. {rng.randint(1, 120)}",
                desa=place,
                phone=f"08{rng.choice(['12', '13', '21', '22', '52', '53', '77', '78', '95'])}{rng.randint(10**7, 10**8 - 1)}",
                occupation=honorer if non_asn else rng.choice(occupations),
                income=rng.choice([500_000, 750_000, 1_000_000, 1_200_000, 1_500_000, 2_000_000]),
                segment=Segment.NON_ASN if non_asn else Segment.RENTAN,
                agency=rng.choice(agencies) if non_asn else None,
                source=Source.OPD if non_asn else rng.choice([Source.PETUGAS, Source.MANDIRI, Source.P3KE]),
                source_ref=f"DEMO-{i + 1:05d}",
                desil=rng.choice([1, 2, 3, None]),
                consent_at=timezone.now(),
                consent_version="2026-01",
                status=rng.choices(statuses, weights)[0],
                created_by=admin,
            )
        )
    for worker in workers:  # bulk_create skips save(), which fills these
        worker.name_key = normalize_name(worker.name)
        worker.kecamatan_id = str(worker.desa.parent_id)
        worker.kabupaten_id = kabupaten.code
    with transaction.atomic():
        Worker.objects.bulk_create(workers, batch_size=1000)
        saved = Worker.objects.filter(source_ref__startswith="DEMO-", kabupaten=kabupaten).only(
            "id", "status"
        )
        changes: list[StatusChange] = []
        for worker in saved:
            path = _path_to(worker.status)
            changes += [
                StatusChange(
                    worker=worker,
                    from_status=frm,
                    to_status=to,
                    by=admin,
                    reason="data_palsu" if to == Status.DITOLAK else "",
                    note="Data demo" if frm else "",
                )
                for frm, to in zip(["", *path[:-1]], path, strict=True)
            ]
        StatusChange.objects.bulk_create(changes, batch_size=2000)
    out.write(f"Pekerja demo: {len(workers)} dibuat di {len(desa)} desa/kelurahan.")


def _path_to(status: str) -> list[str]:
    if status in PATH:
        return PATH[: PATH.index(Status(status)) + 1]
    return [Status.DIAJUKAN, status]
