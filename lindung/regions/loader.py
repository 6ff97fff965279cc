"""Loading Kemendagri region codes from the packaged dataset or an official CSV."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from django.db import transaction

from .models import Region

_CODE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")


class RegionFileError(ValueError):
    pass


@dataclass
class LoadReport:
    added: int = 0
    renamed: int = 0
    unchanged: int = 0
    renames: list[tuple[str, str, str]] | None = None


def packaged_rows() -> Iterator[tuple[str, str]]:
    text = resources.files("wilayah_indonesia").joinpath("csv/base.csv").read_text(encoding="utf-8")
    yield from read_rows(io.StringIO(text))


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


def select(rows: Iterable[tuple[str, str]], scope: str | None) -> list[tuple[str, str]]:
    """Keep the rows of one kabupaten/kota (with its province), or all rows when scope is None."""
    if scope is None:
        return list(rows)
    province = scope.split(".")[0]
    return [(c, n) for c, n in rows if c in (province, scope) or c.startswith(scope + ".")]


@transaction.atomic
def load_regions(rows: list[tuple[str, str]]) -> LoadReport:
    """Insert new regions and rename changed ones; never deletes (workers may point at old codes)."""
    report = LoadReport(renames=[])
    existing = dict(Region.objects.values_list("code", "name"))
    rows = sorted(rows, key=lambda r: (r[0].count("."), r[0]))
    known = set(existing) | {c for c, _ in rows}
    new: list[Region] = []
    changed: list[Region] = []
    for code, name in rows:
        parent = code.rsplit(".", 1)[0] if "." in code else None
        if parent is not None and parent not in known:
            raise RegionFileError(f"Wilayah {code} tidak punya induk {parent} dalam data.")
        if code not in existing:
            new.append(Region(code=code, name=name, level=Region.level_of(code), parent_id=parent))
        elif existing[code] != name:
            changed.append(Region(code=code, name=name))
            assert report.renames is not None
            report.renames.append((code, existing[code], name))
        else:
            report.unchanged += 1
    Region.objects.bulk_create(new, batch_size=2000)
    Region.objects.bulk_update(changed, ["name"], batch_size=2000)
    report.added, report.renamed = len(new), len(changed)
    return report
