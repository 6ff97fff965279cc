from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from python_calamine import CalamineWorkbook

from lindung.conftest import MUBA
from lindung.enrolment.models import FundingSource, Membership
from lindung.workers.models import Status, Worker

TODAY = dt.date(2026, 6, 15)
_kpj = {"n": 0}


@pytest.fixture
def apbd(db: Any) -> FundingSource:
    return FundingSource.objects.create(
        code="apbd-muba", name="APBD Muba", kind="apbd_kabupaten", kabupaten_id=MUBA
    )


def member(
    worker: Worker, source: FundingSource, start: dt.date = dt.date(2025, 1, 1), **fields: Any
) -> Membership:
    _kpj["n"] += 1
    Worker.objects.filter(pk=worker.pk).update(status=Status.TERDAFTAR)
    return Membership.objects.create(
        worker=worker, kpj=f"{_kpj['n']:011d}", funding_source=source, start=start, **fields
    )


def sheets(content: bytes) -> dict[str, list[list[Any]]]:
    book = CalamineWorkbook.from_filelike(io.BytesIO(content))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
