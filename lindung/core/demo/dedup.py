"""Demo data for duplicate detection: a few people entered twice (typos, name variants, a move), then a scan
so that the review queue at /duplikat/ has pairs to decide. Idempotent."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.conf import settings

from lindung.accounts.models import User
from lindung.dedup.matching import nik_variants
from lindung.dedup.scanning import find_pairs, store_pairs
from lindung.workers.models import Source, Status, Worker
from lindung.workers.services import worker_create

PREFIX = "DUP-DEMO-"
COUNT = 15


def _variant_name(rng: random.Random, name: str) -> str:
    words = name.split()
    if words[0] == "Muhammad":
        return " ".join([rng.choice(["Moh.", "Mhd.", "M.", "Mochammad"]), *words[1:]])
    kind = rng.choice(["title", "typo", "old", "split"])
    if kind == "title":
        return f"{name}, S.Pd." if rng.random() < 0.5 else f"Hj. {name}"
    if kind == "old" and "u" in name:
        return name.replace("u", "oe", 1)
    if kind == "split" and len(words) > 1:
        return "".join([words[0], words[1].lower(), *words[2:]])
    position = rng.randrange(1, max(2, len(words[0]) - 1))
    return words[0][:position] + words[0][position + 1 :] + name[len(words[0]) :]


def seed(out: Any) -> None:
    if Worker.objects.filter(source_ref__startswith=PREFIX).exists():
        out.write("Contoh data ganda sudah ada.")
        return
    rng = random.Random(2606)
    admin = User.objects.filter(username="dinas").first()
    originals = list(
        Worker.objects.filter(kabupaten_id=settings.DEFAULT_KABUPATEN, merged_into__isnull=True)
        .exclude(source_ref__startswith=PREFIX)
        .order_by("pk")[:2000]
    )
    if not originals:
        return
    taken = set(Worker.objects.values_list("nik", flat=True))
    for n, original in enumerate(rng.sample(originals, min(COUNT, len(originals))), start=1):
        nik = next((v for v in rng.sample(nik_variants(original.nik), 20) if v not in taken), None)
        if nik is None:
            continue
        taken.add(nik)
        birth = original.birth_date
        if n % 5 == 0:
            birth = birth + dt.timedelta(days=1)
        copy = Worker(
            nik=nik,
            kk=original.kk if n % 2 else "",
            name=_variant_name(rng, original.name),
            birth_place=original.birth_place,
            birth_date=birth,
            sex=original.sex,
            address=original.address,
            desa_id=original.desa_id,
            phone="" if n % 3 else original.phone,
            occupation_id=original.occupation_id,
            income=original.income,
            segment=original.segment,
            agency_id=original.agency_id,
            source=Source.IMPOR if n % 2 else Source.MANDIRI,
            source_ref=f"{PREFIX}{n:03d}",
            status=Status.DIAJUKAN,
        )
        worker_create(worker=copy, by=admin)
    pairs, _reg, _refs = find_pairs(kabupaten=settings.DEFAULT_KABUPATEN)
    new = store_pairs(pairs)
    out.write(
        f"Contoh data ganda: {COUNT} pekerja tercatat dua kali; {new} pasangan menunggu diperiksa di /duplikat/."
    )
