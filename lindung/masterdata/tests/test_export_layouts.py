import pytest
from django.forms import ModelChoiceField

from lindung.audit.models import AuditEvent
from lindung.conftest import login
from lindung.enrolment import batches
from lindung.enrolment.batches import DEFAULT_COLUMNS
from lindung.enrolment.models import ExportLayout
from lindung.masterdata.forms import LayoutForm

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _default_layout(db):
    # Put there by a data migration; a transactional test elsewhere in the suite may have flushed it.
    ExportLayout.objects.get_or_create(
        name="Bawaan Lindung", defaults={"columns": DEFAULT_COLUMNS, "is_default": True}
    )


def layout_form(name, rows, extra=0):
    """Post data for the columns formset: rows of (order, header, field, delete)."""
    data = {
        "name": name,
        "kolom-TOTAL_FORMS": str(len(rows) + extra),
        "kolom-INITIAL_FORMS": str(len(rows)),  # as the browser sends it: every shown row is an initial form
        "kolom-MIN_NUM_FORMS": "0",
        "kolom-MAX_NUM_FORMS": "60",
    }
    for i, (order, header, field, delete) in enumerate(rows):
        data.update({f"kolom-{i}-ORDER": str(order), f"kolom-{i}-header": header, f"kolom-{i}-field": field})
        if delete:
            data[f"kolom-{i}-DELETE"] = "on"
    for i in range(len(rows), len(rows) + extra):
        data.update({f"kolom-{i}-ORDER": "", f"kolom-{i}-header": "", f"kolom-{i}-field": ""})
    return data


def default():
    return ExportLayout.objects.get(is_default=True)


def test_the_list_and_the_new_form_start_from_the_default_layout(personas):
    admin = login(personas["admin"])
    assert "Bawaan Lindung" in admin.get("/data-induk/tata-letak/").content.decode()
    form = admin.get("/data-induk/tata-letak/baru/").context["form"]
    initial = [(f["header"], f["field"]) for f in form.columns.initial]
    assert initial == [tuple(c) for c in default().columns]
    assert form.columns.total_form_count() == len(initial) + 5


def test_add_a_layout_in_the_given_order(personas):
    rows = [
        (2, "Nama Peserta", "name", False),
        (1, "NIK", "nik", False),
        (3, "Tgl Lahir", "birth_date", True),
    ]
    response = login(personas["admin"]).post(
        "/data-induk/tata-letak/baru/", layout_form("Cabang Sekayu", rows, extra=2)
    )
    assert response.status_code == 302
    layout = ExportLayout.objects.get(name="Cabang Sekayu")
    assert layout.columns == [["NIK", "nik"], ["Nama Peserta", "name"]]
    assert not layout.is_default
    assert AuditEvent.objects.get(action="export_layout.create").changes["columns"] == layout.columns


def test_edit_the_columns(personas):
    layout = ExportLayout.objects.create(name="Cabang", columns=[["NIK", "nik"], ["Nama", "name"]])
    admin = login(personas["admin"])
    data = layout_form(
        "Cabang", [(1, "Nama", "name", False), (2, "NIK", "nik", False), (3, "No KK", "kk", False)]
    )
    assert admin.post(f"/data-induk/tata-letak/{layout.pk}/", data).status_code == 302
    layout.refresh_from_db()
    assert layout.columns == [["Nama", "name"], ["NIK", "nik"], ["No KK", "kk"]]
    event = AuditEvent.objects.get(action="export_layout.update")
    assert event.changes["columns"][0] == [["NIK", "nik"], ["Nama", "name"]]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [(1, "NIK", "nik", False), (2, "Gaji", "salary", False)],
            "Isian “salary” tidak dikenal; pilih dari daftar.",
        ),
        ([(1, "NIK", "", False)], "Pilih isian untuk kolom ini."),
        ([(1, "", "nik", False)], "Tulis judul kolom seperti di berkas BPJS."),
        ([(1, "NIK", "nik", False), (2, "nik", "kk", False)], "Judul kolom dipakai dua kali: NIK, nik."),
        ([(1, "NIK", "nik", True)], "Tata letak harus punya paling sedikit satu kolom."),
    ],
)
def test_bad_columns_are_explained_and_nothing_is_written(personas, rows, message):
    layout = ExportLayout.objects.create(name="Cabang", columns=[["NIK", "nik"]])
    response = login(personas["admin"]).post(
        f"/data-induk/tata-letak/{layout.pk}/", layout_form("Cabang baru", rows)
    )
    assert response.status_code == 200 and message in response.content.decode()
    layout.refresh_from_db()
    assert (layout.name, layout.columns) == ("Cabang", [["NIK", "nik"]])
    assert not AuditEvent.objects.exists()


def test_the_model_check_still_runs_on_the_result(personas, monkeypatch):
    # A field the form offers but the exporter no longer knows is refused by ExportLayout.clean.
    monkeypatch.setitem(batches.FIELDS, "npwp", lambda i, line, b: "")
    choices_with_npwp = login(personas["admin"]).get("/data-induk/tata-letak/baru/")
    assert "npwp" in choices_with_npwp.content.decode()  # offered under its own name until it gets a label
    form = LayoutForm(
        layout_form("Cabang", [(1, "NPWP", "npwp", False)]), layout=ExportLayout(), user=personas["admin"]
    )
    monkeypatch.delitem(batches.FIELDS, "npwp")
    form.columns.forms[0].fields["field"].choices = [("npwp", "npwp")]
    assert not form.is_valid()
    assert "Isian tidak dikenal: npwp." in " ".join(str(e) for e in form.non_field_errors())


def test_a_duplicate_name_is_refused(personas):
    response = login(personas["admin"]).post(
        "/data-induk/tata-letak/baru/", layout_form("bawaan lindung", [(1, "NIK", "nik", False)])
    )
    assert "Tata letak dengan nama ini sudah ada." in response.content.decode()
    assert ExportLayout.objects.count() == 1


@pytest.mark.parametrize("role", ["kecamatan", "desa", "opd", "bpjs", "pimpinan"])
def test_other_roles_get_403(personas, role):
    client = login(personas[role])
    data = layout_form("Cabang", [(1, "NIK", "nik", False)])
    assert client.post("/data-induk/tata-letak/baru/", data).status_code == 403
    assert client.post(f"/data-induk/tata-letak/{default().pk}/", data).status_code == 403
    assert ExportLayout.objects.count() == 1 and default().name == "Bawaan Lindung"


def test_a_missing_layout_answers_404(personas):
    assert login(personas["admin"]).get("/data-induk/tata-letak/999999/").status_code == 404


def test_an_admins_layout_is_its_kabupatens_and_another_kabupaten_never_sees_it(personas):
    from lindung.conftest import MUBA

    admin = login(personas["admin"])
    assert admin.get("/data-induk/tata-letak/baru/").context["form"]["kabupaten"].value() == MUBA
    data = layout_form("Cabang Sekayu", [(1, "NIK", "nik", False)]) | {"kabupaten": ""}
    assert admin.post("/data-induk/tata-letak/baru/", data).status_code == 302
    layout = ExportLayout.objects.get(name="Cabang Sekayu")
    assert layout.kabupaten_id == MUBA  # the field is shown, not posted
    assert AuditEvent.objects.get(action="export_layout.create").changes["kabupaten_id"] == MUBA
    other = login(personas["admin_lain"])
    assert "Cabang Sekayu" not in other.get("/data-induk/tata-letak/").content.decode()
    assert other.get(f"/data-induk/tata-letak/{layout.pk}/").status_code == 404
    assert "Bawaan Lindung" in other.get("/data-induk/tata-letak/").content.decode()


def test_a_superuser_sets_and_moves_a_layouts_kabupaten_on_the_page(db):
    from lindung.accounts.models import User
    from lindung.conftest import BANYUASIN, MUBA

    root = login(User.objects.create_superuser(username="root", password="x"))
    data = layout_form("Cabang Pangkalan Balai", [(1, "NIK", "nik", False)])
    root.post("/data-induk/tata-letak/baru/", data | {"kabupaten": BANYUASIN})
    layout = ExportLayout.objects.get(name="Cabang Pangkalan Balai")
    assert layout.kabupaten_id == BANYUASIN
    root.post(f"/data-induk/tata-letak/{layout.pk}/", data | {"kabupaten": MUBA})
    layout.refresh_from_db()
    assert layout.kabupaten_id == MUBA
    root.post(f"/data-induk/tata-letak/{layout.pk}/", data | {"kabupaten": ""})
    layout.refresh_from_db()
    assert layout.kabupaten_id is None


def test_names_are_unique_per_scope_in_the_database(db):
    from django.db import IntegrityError, transaction

    from lindung.conftest import BANYUASIN, MUBA

    for kabupaten in (MUBA, BANYUASIN):
        ExportLayout.objects.create(name="BPJS Cabang", columns=DEFAULT_COLUMNS, kabupaten_id=kabupaten)
    for scope, name in ((MUBA, "BPJS Cabang"), (None, "Bawaan Lindung")):  # NULLs are distinct too
        with pytest.raises(IntegrityError), transaction.atomic():
            ExportLayout.objects.create(name=name, columns=DEFAULT_COLUMNS, kabupaten_id=scope)
    assert ExportLayout.objects.filter(name="BPJS Cabang").count() == 2


def test_two_kabupaten_may_both_name_a_layout_the_same_but_not_twice_nor_as_a_shared_one(personas):
    from lindung.accounts.models import User
    from lindung.conftest import BANYUASIN, MUBA

    data = layout_form("BPJS Cabang", [(1, "NIK", "nik", False)])
    for persona in ("admin", "admin_lain"):
        assert login(personas[persona]).post("/data-induk/tata-letak/baru/", data).status_code == 302
    assert set(ExportLayout.objects.filter(name="BPJS Cabang").values_list("kabupaten_id", flat=True)) == {
        MUBA,
        BANYUASIN,
    }
    again = login(personas["admin"]).post("/data-induk/tata-letak/baru/", data | {"name": "bpjs  CABANG"})
    assert "Tata letak dengan nama ini sudah ada." in again.content.decode()
    # A shared layout is offered in every kabupaten's batch form beside its own: its name may not repeat one.
    root = login(User.objects.create_superuser(username="root", password="x"))
    shared = root.post("/data-induk/tata-letak/baru/", data | {"kabupaten": ""})
    assert "Tata letak dengan nama ini sudah ada." in shared.content.decode()
    assert ExportLayout.objects.filter(name__iexact="bpjs cabang").count() == 2


def test_a_batch_is_exported_with_the_deployments_or_its_own_kabupatens_layouts_only():
    from lindung.conftest import BANYUASIN, MUBA
    from lindung.enrolment.forms import ExportForm

    own = ExportLayout.objects.create(name="Cabang Sekayu", columns=DEFAULT_COLUMNS, kabupaten_id=MUBA)
    theirs = ExportLayout.objects.create(
        name="Cabang Banyuasin", columns=DEFAULT_COLUMNS, kabupaten_id=BANYUASIN
    )
    field = ExportForm(kabupaten=MUBA).fields["layout"]
    assert isinstance(field, ModelChoiceField)
    offered = set(field.queryset or [])
    assert offered == {own, default()}
    assert not ExportForm({"layout": theirs.pk}, kabupaten=MUBA).is_valid()
