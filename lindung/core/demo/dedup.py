"""Demo data for duplicate detection: a few people entered twice (typos, name variants, a move), then a scan
so that the review queue at /duplikat/ has pairs to decide; the Admin Dinas has already decided two of them, one
as the same person (merged) and one as two different people. Idempotent."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.conf import settings

from lindung.accounts.models import User
from lindung.dedup.matching import nik_variants
from lindung.dedup.models import Decision, DuplicateCandidate
from lindung.dedup.scanning import find_pairs, store_pairs
from lindung.dedup.services import duplicate_decide_different, duplicate_merge
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
    else:
        _seed_copies(out)
    _decide_two(out)


def _seed_copies(out: Any) -> None:
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
    chosen = rng.sample(originals, min(COUNT, len(originals)))
    for n, original in enumerate(chosen, start=1):
        _copy(rng, original, n, taken, admin)
    # One person recorded three times: the queue shows the three records together, once.
    _copy(rng, chosen[0], COUNT + 1, taken, admin)
    pairs, _reg, _refs = find_pairs(kabupaten=settings.DEFAULT_KABUPATEN)
    new = store_pairs(pairs)
    out.write(
        f"Contoh data ganda: {COUNT} pekerja tercatat dua kali (satu di antaranya tiga kali); {new} pasangan "
        "menunggu diperiksa di /duplikat/."
    )


def _copy(rng: random.Random, original: Worker, n: int, taken: set[str], admin: User | None) -> None:
    nik = next((v for v in rng.sample(nik_variants(original.nik), 20) if v not in taken), None)
    if nik is None:
        return
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


def _decide_two(out: Any) -> None:
    """The most certain pair is merged (the earlier record kept); the least certain is two different people."""
    demo_pairs = DuplicateCandidate.objects.filter(worker_b__source_ref__startswith=PREFIX)
    if demo_pairs.exclude(decision=Decision.PENDING).exists():
        return
    pending = list(demo_pairs.filter(decision=Decision.PENDING).order_by("-score", "id"))
    admin = User.objects.filter(username="dinas").first()
    if len(pending) < 2 or admin is None:
        return
    same, different = pending[0], pending[-1]
    # The copy has the larger id (it was entered later), so it is worker_b: keep the earlier record.
    keep, drop = Worker.objects.get(pk=same.worker_a_id), Worker.objects.get(pk=same.worker_b_id)
    duplicate_merge(
        keep=keep,
        drop=drop,
        by=admin,
        note="Data demo: dicocokkan dengan KTP dan KK di kantor desa — orang yang sama, tercatat dua kali.",
    )
    duplicate_decide_different(
        candidate=different,
        by=admin,
        note="Data demo: dicek ke kantor desa — dua orang berbeda (nama ibu kandung dan alamat berbeda).",
    )
    out.write(
        f"  Sudah diputuskan: {drop.name} digabung ke {keep.name} (orang yang sama); "
        f"{different.worker_a.name} dan {different.worker_b.name} orang berbeda."
    )
