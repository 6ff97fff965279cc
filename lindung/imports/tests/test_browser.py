"""The import pages in a real browser: a village operator on a phone uploads a sheet, reads the check, saves it.

Chromium (phone-sized, JavaScript off) against live_server; the check and the commit run in the real db_worker.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings as django_settings
from django.core.management import call_command

from lindung.conftest import browser_test, login
from lindung.imports.models import ImportJob
from lindung.workers.models import Source, Worker

from .factory import media, person, xlsx_bytes

pytestmark = browser_test


def _sign_in(page: Any, live_server: Any, user: Any) -> None:
    client = login(user)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def _fits(page: Any) -> bool:
    """Nothing sticks out sideways: the page scrolls only downwards on a 360 px screen."""
    width: int = page.evaluate("document.documentElement.scrollWidth")
    return width <= 360


def test_village_operator_imports_a_sheet_on_a_phone(
    phone: Any, live_server: Any, personas: Any, settings: Any, tmp_path: Path
) -> None:
    media(settings, tmp_path)
    page = phone
    _sign_in(page, live_server, personas["desa"])
    rows = [person(1), person(2), person(3)]
    rows[1][1] = "1.60601E+15"  # a NIK Excel turned into a number
    sheet = tmp_path / "pendataan-sukarami.xlsx"
    sheet.write_bytes(xlsx_bytes(rows))
    not_a_sheet = tmp_path / "daftar.xlsx"
    not_a_sheet.write_bytes(b"%PDF-1.4\n" + b"0" * 200)

    page.goto(f"{live_server.url}/impor/")
    assert _fits(page)
    page.set_input_files("#id_file", str(not_a_sheet))
    page.click("text=Unggah dan periksa")
    assert "bukan lembar kerja, melainkan dokumen PDF" in page.inner_text("form[enctype]")
    assert not ImportJob.objects.exists()

    page.set_input_files("#id_file", str(sheet))
    page.select_option("#id_source", Source.PETUGAS)
    page.click("text=Unggah dan periksa")
    assert "Berkas diterima dan sedang diperiksa." in page.content()
    assert page.locator("meta[http-equiv=refresh]").count() == 1  # the page reloads itself without JavaScript

    call_command("db_worker", "--batch", "--no-startup-delay")  # the background worker checks the file
    page.reload()
    facts = page.inner_text("table.table")
    assert "Valid (akan disimpan)\t2" in facts and "Tidak valid\t1" in facts
    assert "angka ilmiah (1.60601E+15)" in page.inner_text("main")
    assert page.locator("meta[http-equiv=refresh]").count() == 0
    assert _fits(page)
    assert not Worker.objects.exists()  # nothing is written before the operator confirms

    with page.expect_download() as download:
        page.click("text=Unduh laporan kesalahan (.xlsx)")
    assert download.value.suggested_filename.endswith(".xlsx")

    page.click("text=Simpan data valid")
    call_command("db_worker", "--batch", "--no-startup-delay")  # … and writes the valid rows
    page.reload()
    assert "Tersimpan\t2" in page.inner_text("table.table")
    assert page.locator("text=Urungkan impor").count() == 1
    workers = Worker.objects.order_by("nik")
    assert [w.nik for w in workers] == [rows[0][1], rows[2][1]]
    assert {w.source for w in workers} == {Source.PETUGAS}


def test_opensid_export_asks_its_desa_once_on_a_phone(
    phone: Any, live_server: Any, personas: Any, settings: Any, tmp_path: Path
) -> None:
    from . import layout_files as lf

    media(settings, tmp_path)
    page = phone
    _sign_in(page, live_server, personas["kecamatan"])
    export = tmp_path / "penduduk_sukarami.xlsx"
    export.write_bytes(lf.opensid_xlsx(lf.muba_people()))
    page.goto(f"{live_server.url}/impor/")
    page.set_input_files("#id_file", str(export))
    page.click("text=Unggah dan periksa")
    call_command("db_worker", "--batch", "--no-startup-delay")
    page.reload()
    assert "Ekspor Penduduk OpenSID" in page.inner_text("#layout")
    assert "tidak punya kolom desa" in page.inner_text("main")
    assert _fits(page)
    page.select_option("#id_desa", lf.LUMPATAN)  # a plain select: no JavaScript
    page.click("text=Simpan dan periksa")
    call_command("db_worker", "--batch", "--no-startup-delay")
    page.reload()
    facts = page.inner_text("table.table")
    assert "Valid (akan disimpan)\t6" in facts and "Tidak valid\t2" in facts
    assert "Meninggal, pindah, atau hilang menurut sumber (tidak diimpor)\t1" in facts
    assert "NIK sementara dari OpenSID" in page.inner_text("main")
    assert _fits(page)
