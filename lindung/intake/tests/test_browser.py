"""The public form in a real browser: a phone-sized Chromium with JavaScript off, against live_server."""

from __future__ import annotations

import os
from typing import Any

from lindung.conftest import browser_test
from lindung.workers.models import Worker

pytestmark = browser_test


def fill(page: Any, nik: str) -> None:
    page.fill("#id_nik", nik)
    page.fill("#id_kk", "1606010101200001")
    page.fill("#id_name", "Nur Hayati")
    page.fill("#id_birth_place", "Sekayu")
    page.fill("#id_birth_date", "1990-03-05")
    page.check("input[name=sex][value=P]")
    page.fill("#id_address", "Dusun I RT 02")
    page.select_option("#id_desa", "16.06.01.2001")
    page.fill("#id_phone", "0813 0000 0001")
    page.select_option("#id_occupation", label="Petani/pekebun")
    page.fill("#id_income", "1.500.000")
    page.check("input[name=is_asn][value=tidak]")
    page.check("input[name=bpjs_active][value=tidak]")
    page.check("#id_consent")


def test_apply_on_a_phone_without_javascript(phone: Any, live_server: Any) -> None:
    page = phone
    page.goto(f"{live_server.url}/daftar/")
    shot = os.environ.get("LINDUNG_SCREENSHOT")
    if shot:  # for a person to look at; the test asserts on the page, not the picture
        page.screenshot(path=shot, full_page=False)
    box = page.locator("#id_situs_web").bounding_box()
    assert box is not None and box["x"] + box["width"] < 0  # the honeypot is out of sight

    fill(page, "160601450390001")  # one digit short
    page.click("button[type=submit]")
    assert "harus 16 digit" in page.inner_text("#nik-error")
    assert page.input_value("#id_name") == "Nur Hayati"  # what was typed is kept
    assert not Worker.objects.exists()

    page.fill("#id_nik", "1606014503900001")
    page.check("#id_consent")
    page.click("button[type=submit]")
    receipt = page.inner_text("#receipt-no")
    worker = Worker.objects.get()
    assert worker.receipt_no and receipt == f"{worker.receipt_no[:7]}-{worker.receipt_no[7:]}"
    assert "Langkah berikutnya" in page.content()
