"""The audit trail in words: event names in Indonesian, objects by name with a link when the reviewer may open them."""

import ast
import html
import pathlib
import re

import pytest
from django.urls import reverse

import lindung
from lindung.audit.labels import ACTION_LABELS, action_label
from lindung.audit.models import AuditEvent
from lindung.conftest import DESA_A, DESA_OUTSIDE, login, make_worker

pytestmark = pytest.mark.django_db


def event(actor, action, obj):
    return AuditEvent.objects.create(
        actor=actor, action=action, object_type=obj._meta.label_lower, object_id=str(obj.pk)
    )


def page(client, query=""):
    return html.unescape(client.get(f"/privasi/audit/{query}").content.decode())


def test_events_and_objects_read_as_words_with_links(personas):
    siti = make_worker(DESA_A, name="Siti Aminah")
    event(personas["admin"], "worker.status", siti)
    event(personas["kecamatan"], "account.login", personas["kecamatan"])
    body = page(login(personas["admin"]))
    assert "Status pekerja diubah" in body
    assert "Masuk ke Lindung" in body
    assert f'Pekerja: <a href="{reverse("worker_detail", args=[siti.pk])}">Siti Aminah</a>' in body
    assert f'Pengguna: <a href="{reverse("staff_edit", args=[personas["kecamatan"].pk])}">kec</a>' in body
    # The codes are gone from what staff read (they stay as the filter's values).
    assert ">worker.status<" not in body and "accounts.user #" not in body and "workers.worker" not in body


def test_the_action_filter_lists_words_and_still_filters_by_code(personas):
    siti = make_worker(DESA_A, name="Siti Aminah")
    event(personas["admin"], "worker.view_nik", siti)
    event(personas["admin"], "worker.update", siti)
    client = login(personas["admin"])
    body = page(client)
    assert '<option value="worker.view_nik">NIK lengkap dilihat</option>' in body
    filtered = client.get("/privasi/audit/?action=worker.view_nik")
    assert [row.label for row in filtered.context["rows"]] == ["NIK lengkap dilihat"]


def test_an_object_the_reviewer_may_not_open_has_no_name_and_no_link(personas):
    # An event by a staff member of this kabupaten about a worker elsewhere: listed, but neither named nor linked.
    there = make_worker(DESA_OUTSIDE, name="Orang Banyuasin")
    event(personas["kecamatan"], "worker.view_nik", there)
    body = page(login(personas["admin"]))
    assert f"Pekerja: #{there.pk}" in body
    assert "Orang Banyuasin" not in body
    assert reverse("worker_detail", args=[there.pk]) not in body


def test_a_deleted_object_is_told_by_noun_and_number(personas):
    AuditEvent.objects.create(
        actor=personas["admin"],
        action="occupation.delete",
        object_type="workers.occupation",
        object_id="99999",
    )
    body = page(login(personas["admin"]))
    assert "Pekerjaan dihapus dari katalog" in body
    assert "Pekerjaan: #99999" in body


def test_an_unlabelled_code_reads_as_noun_and_verb():
    assert action_label("funding_source.delete", "enrolment.fundingsource") == "Sumber dana dihapus"
    assert action_label("something.odd", "") == "something.odd"


def _written_action_codes():
    """Every action code the source passes to the audit trail as a literal (f-strings expanded by hand)."""
    root = pathlib.Path(lindung.__file__).parent
    codes = set()
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            for kw in node.keywords:
                if kw.arg != "action":
                    continue
                for const in ast.walk(kw.value):
                    if (
                        isinstance(const, ast.Constant)
                        and isinstance(const.value, str)
                        and re.fullmatch(r"[a-z_]+\.[a-z0-9_]+", const.value)
                    ):
                        codes.add(const.value)
    return codes


def test_every_action_code_in_the_source_has_words():
    codes = _written_action_codes()
    assert len(codes) > 50  # the scan found the trail's calls
    # noun-based codes built with a variable (masterdata `_save`, reports `_upsert` and records)
    codes |= {
        f"{noun}.{verb}"
        for noun in ("occupation", "agency", "funding_source", "export_layout", "occupation_alias", "office")
        for verb in ("create", "update")
    }
    codes |= {
        f"report.{m}_{v}" for m in ("regulation", "innovation", "semesterproblem") for v in ("add", "delete")
    }
    codes |= {"report.potential_set", "report.target_set", "report.budget_set"}
    missing = sorted(code for code in codes if code not in ACTION_LABELS)
    assert missing == []


def test_the_tariff_table_names_funding_sources_in_words(personas):
    body = html.unescape(login(personas["admin"]).get("/iuran/").content.decode())
    assert "Tarif iuran" in body
    assert "apbd_kabupaten" not in body
    assert "APBD kabupaten" in body
