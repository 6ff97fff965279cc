import io
import json

import pytest
from python_calamine import CalamineWorkbook

from lindung.audit.models import AuditEvent
from lindung.conftest import DESA_A, DESA_LAIS, DESA_OUTSIDE, login, make_worker
from lindung.privacy.services import consent_withdraw
from lindung.workers.models import StatusChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(personas):
    worker = make_worker(DESA_A, name="Siti Aminah")
    StatusChange.objects.create(worker=worker, from_status="", to_status="diajukan", by=personas["desa"])
    AuditEvent.objects.create(
        actor=personas["desa"],
        action="worker.update",
        object_type="workers.worker",
        object_id=str(worker.pk),
        changes={"phone": ["0811", "081234567890"]},
    )
    consent_withdraw(worker=worker, by=personas["desa"], note="datang ke kantor desa")
    return worker


def export(client, worker, fmt):
    return client.post(f"/privasi/{worker.pk}/ekspor.{fmt}")


def test_json_export_holds_the_person_their_history_and_related_records(personas, person):
    other = make_worker(DESA_A, name="Orang Lain", sex="L")
    response = export(login(personas["admin"]), person, "json")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["worker"]["nik"] == person.nik
    assert data["worker"]["name"] == "Siti Aminah"
    assert data["worker"]["desa"].endswith("Sukarami")
    assert [r["to_status"] for r in data["related"]["workers.statuschange"]] == ["diajukan"]
    # Records of another app are found through the relation, not through a list in this code.
    assert data["related"]["privacy.consentevent"][0]["note"] == "datang ke kantor desa"
    assert data["related"]["privacy.processingstop"][0]["worker"] == person.pk
    actions = [e["action"] for e in data["audit_events"]]
    assert "worker.update" in actions and "privacy.consent_withdraw" in actions
    assert other.nik not in response.content.decode()


def test_the_export_is_audited(personas, person):
    export(login(personas["desa"]), person, "json")
    event = AuditEvent.objects.get(action="privacy.export")
    assert event.actor == personas["desa"] and event.object_id == str(person.pk)
    assert event.changes == {"format": "json"}


def test_xlsx_export_has_the_person_and_writes_formulas_as_text(personas):
    worker = make_worker(DESA_A, name='=HYPERLINK("http://x")', address="<script>alert(1)</script>")
    response = export(login(personas["admin"]), worker, "xlsx")
    assert response.status_code == 200
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert "Pekerja" in book.sheet_names and "jejak audit" in book.sheet_names
    rows = {r[0]: r[1] for r in book.get_sheet_by_name("Pekerja").to_python()[1:]}
    assert rows["nik"] == worker.nik
    assert rows["name"] == '=HYPERLINK("http://x")'
    assert rows["address"] == "<script>alert(1)</script>"


def test_export_is_scoped_to_the_area_and_to_entry_roles(personas, person):
    lais = make_worker(DESA_LAIS, name="Ahmad Dahlan", sex="L")
    outside = make_worker(DESA_OUTSIDE, name="Orang Banyuasin", sex="L")
    assert export(login(personas["desa"]), lais, "json").status_code == 404
    assert export(login(personas["admin"]), outside, "json").status_code == 404
    assert export(login(personas["bpjs"]), person, "json").status_code == 403
    assert login(personas["desa"]).get(f"/privasi/{person.pk}/ekspor.json").status_code == 405
    assert export(login(personas["admin"]), person, "csv").status_code == 404
    assert not AuditEvent.objects.filter(action="privacy.export").exists()


def test_person_lookup_finds_within_the_area_only(personas, person):
    make_worker(DESA_OUTSIDE, name="Siti Banyuasin")
    body = login(personas["admin"]).get("/privasi/?q=siti").content.decode()
    assert "Siti Aminah" in body and "Siti Banyuasin" not in body
    assert person.nik not in body  # masked in the list
    page = login(personas["admin"]).get(f"/privasi/{person.pk}/").content.decode()
    assert f"/pekerja/{person.pk}/ubah/" in page  # correction goes through the normal edit form
    assert 'id="processing-stopped"' in page
