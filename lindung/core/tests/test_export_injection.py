"""Every file Lindung writes, with formula-like names planted in the data: no cell becomes a formula.

OWASP's CSV-injection payloads go into names, birth places, addresses and an occupation; then each export is
made as its user would make it and opened as a spreadsheet program would: no xlsx sheet may hold a formula
element, no CSV field may begin with = + - @ tab or CR. Where the file carries names, the payload must be there
(as text), so that a file that silently dropped the rows would not pass.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from python_calamine import CalamineWorkbook

from lindung.conftest import DESA_A, MUBA, login, make_worker
from lindung.enrolment.batches import batch_create, batch_export, batch_seal, funding_source_default
from lindung.enrolment.models import Membership
from lindung.lib.tests.safe_files import PAYLOADS, dangerous_csv_fields, formula_cells
from lindung.workers.models import Occupation, Status

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _texts(content: bytes) -> str:
    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    return "\n".join(
        str(cell)
        for name in book.sheet_names
        for row in book.get_sheet_by_name(name).to_python()
        for cell in row
    )


def _check_xlsx(label: str, content: bytes, *, carries_names: bool = True) -> None:
    assert content[:2] == b"PK", label
    assert formula_cells(content) == [], label
    if carries_names:
        assert any(p in _texts(content) for p in PAYLOADS), f"{label}: the planted names are not in the file"


@pytest.fixture
def hostile(personas: Any) -> dict[str, Any]:
    """Workers named like formulas in every state an export lists, and an occupation named like one."""
    occupation = Occupation.objects.create(code="hostile", name=PAYLOADS[0], active=True)
    birth = dt.date(1980, 1, 2)
    common = {
        "birth_place": PAYLOADS[3],
        "address": PAYLOADS[4],
        "occupation": occupation,
        "birth_date": birth,
    }
    approved = [make_worker(DESA_A, name=p, status=Status.DISETUJUI, **common) for p in PAYLOADS[:3]]
    listed = [make_worker(DESA_A, name=p, status=Status.DIAJUKAN, **common) for p in PAYLOADS]
    source = funding_source_default(MUBA)
    members = []
    for n, payload in enumerate(PAYLOADS):
        worker = make_worker(DESA_A, name=payload, status=Status.TERDAFTAR, **common)
        status = Membership.Status.NONAKTIF if n % 2 else Membership.Status.AKTIF
        members.append(
            Membership.objects.create(
                worker=worker,
                kpj=f"9{n:010d}",
                funding_source=source,
                start=dt.date(2025, 1, 1),
                status=status,
            )
        )
    return {"approved": approved, "listed": listed, "members": members, "source": source}


def test_every_export_keeps_formula_like_text_inert(
    personas: Any, hostile: dict[str, Any], tmp_path: Path
) -> None:
    admin = personas["admin"]
    client = login(admin)
    checked: list[str] = []

    # Imports: the template (the occupation list) and its CSV variant.
    _check_xlsx("import template", client.get("/impor/templat.xlsx").content)
    assert dangerous_csv_fields(client.get("/impor/templat.csv").content.decode()) == []
    checked += ["import template", "import template csv"]

    # Enrolment: the batch file for the BPJS branch.
    batch = batch_create(
        user=admin, funding_source=hostile["source"], coverage_start=dt.date(2026, 1, 1), filters={}
    )
    batch_seal(batch=batch, by=admin)
    batch_export(batch=batch, by=admin)
    _check_xlsx("enrolment batch", client.get(f"/kepesertaan/batch/{batch.pk}/unduh/").content)
    checked.append("enrolment batch")

    # Premiums: the monthly bills.
    client.post("/iuran/tagihan/hitung/", {"month": "2026-01"})
    _check_xlsx("bills", client.get("/iuran/tagihan/unduh/?month=2026-01").content)
    checked.append("bills")

    # Reports: the lists, the sweep list, the periodic reports, every chart's table.
    for kind in ("pekerja", "peserta", "tunggakan"):
        _check_xlsx(f"list {kind}", client.get(f"/laporan/daftar/?daftar={kind}").content)
        checked.append(f"list {kind}")
    _check_xlsx("sweep list", client.get(f"/laporan/sisir/{DESA_A}/?format=xlsx").content)
    checked.append("sweep list")
    year = dt.date.today().year
    for kind in ("paritrana", "semester"):
        response = client.get(f"/laporan/{kind}/?year={year}&format=xlsx")
        _check_xlsx(f"report {kind}", response.content, carries_names=False)
        checked.append(f"report {kind}")
    from lindung.reports.views import CHARTS

    for key in [*CHARTS, "ringkasan"]:
        response = client.get(f"/laporan/unduh/{key}.xlsx")
        assert response.status_code == 200, key
        _check_xlsx(f"chart {key}", response.content, carries_names=False)
        checked.append(f"chart {key}")

    # Privacy: a person's copy of their data.
    worker = hostile["members"][0].worker
    _check_xlsx("privacy export", client.post(f"/privasi/{worker.pk}/ekspor.xlsx").content)
    checked.append("privacy export")

    # Duplicates: the registry-wide scan's CSV (the listed workers share a name and birth date with others).
    out = tmp_path / "pairs.csv"
    call_command("find_duplicates", "--out", str(out), "--kabupaten", MUBA)
    text = out.read_text(encoding="utf-8")
    assert any(p in text for p in PAYLOADS), "find_duplicates wrote no planted name"
    assert dangerous_csv_fields(text) == []
    checked.append("find_duplicates csv")
    assert len(checked) >= 15


def test_every_workbook_and_csv_writer_in_the_code_goes_through_the_helper() -> None:
    """A new export that calls XlsxWriter or csv.writer directly would bypass the neutralising: refuse it here."""
    direct = re.compile(
        r"xlsxwriter\.Workbook\(|from xlsxwriter import Workbook|\bcsv\.(writer|DictWriter)\("
    )
    allowed = {
        "lindung/lib/sheets.py",  # the helper itself
        "lindung/imports/engine.py",  # the staging file for COPY: read back by PostgreSQL, never opened by people
    }
    offenders = []
    for path in (ROOT / "lindung").rglob("*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if "/tests/" in relative or relative in allowed:
            continue
        if direct.search(path.read_text(encoding="utf-8")):
            offenders.append(relative)
    assert offenders == []
