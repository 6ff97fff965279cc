"""Files as OpenSID, SIAK, P3KE and DTKS write them: recognised, imported end to end without editing or mapping."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from lindung.conftest import DESA_LAIS
from lindung.imports import engine
from lindung.imports.file_checks import ImportFileError
from lindung.imports.models import ImportJob
from lindung.imports.services import ImportActionError, import_job_create, import_job_map
from lindung.workers.models import Worker

from . import layout_files as lf
from .factory import commit, csv_bytes, media, upload

pytestmark = pytest.mark.django_db
S = ImportJob.Status


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    media(settings, tmp_path)


def messages(job: ImportJob) -> dict[int, str]:
    return {e["row"]: e["message"] for e in job.first_errors}


def counts(job: ImportJob) -> tuple[int, int, int, int]:
    return job.valid, job.invalid, job.inactive, job.duplicates


def with_desa(job: ImportJob, user: Any, desa: str = lf.SUKARAMI) -> ImportJob:
    """Answer the one question a file without a desa column asks, then check it."""
    assert job.status == S.MAPPING, job.error_message
    assert job.needs_desa and job.unknown_headers == []
    import_job_map(job=job, mapping={}, by=user, desa=desa)
    return engine.run_check(job.pk)


def worker(person: lf.Person) -> Worker:
    return Worker.objects.get(nik=person.nik)


def test_opensid_codes_export_imports_with_the_desa_asked_once(personas: Any) -> None:
    admin = personas["admin"]
    people = lf.muba_people()
    job = upload(admin, lf.opensid_xlsx(people), "penduduk_2025.xlsx")
    assert job.layout == "opensid"
    assert "desa" in job.error_message
    job = with_desa(job, admin)
    assert job.status == S.CHECKED, job.error_message
    assert job.layout_label == "Ekspor Penduduk OpenSID (kode)"
    assert counts(job) == (6, 2, 1, 0)
    found = messages(job)
    assert found[8] == (
        "Status penduduk di sumber data: 2 (MATI). Hanya penduduk yang hidup dan menetap diimpor sebagai "
        "pekerja baru."
    )  # and not also that a 76-year-old is past the program's age
    assert found[9] == "NIK sementara dari OpenSID; minta NIK dari Disdukcapil."
    assert "tidak berisi nama orang" in found[10]
    job = commit(job, admin)
    assert job.status == S.DONE and job.rows_written == 6
    first, third, fourth, fifth = (worker(people[i]) for i in (0, 2, 3, 4))
    assert first.desa_id == lf.SUKARAMI and first.kecamatan_id == lf.SEKAYU
    assert first.address == "DUSUN II, RT 003/RW 001"
    assert third.address == ""  # "-" everywhere: nothing known
    assert fourth.address == "DUSUN II, RT 005"
    assert fifth.address == "Dusun SUNGAI ARE, RT 003/RW 001"
    # pekerjaan_id is a Dukcapil code: 9 PETANI/PEKEBUN, 20 BURUH TANI/PERKEBUNAN, 26 TUKANG BATU.
    assert first.occupation is not None and first.occupation.code == "petani"
    assert third.occupation is not None and third.occupation.code == "buruh-tani"
    assert fifth.occupation is not None and fifth.occupation.code == "tukang-bangunan"
    assert job.unmapped_occupations == {}
    assert first.sex == "L" and worker(people[1]).sex == "P"
    assert not Worker.objects.filter(nik=lf.DEAD.nik).exists()


def test_opensid_names_export_imports_too(personas: Any) -> None:
    admin = personas["admin"]
    people = lf.muba_people()
    job = with_desa(upload(admin, lf.opensid_xlsx(people, names=True), "penduduk_huruf.xlsx"), admin)
    assert job.status == S.CHECKED, job.error_message
    assert job.layout_label == "Ekspor Penduduk OpenSID (huruf)"
    assert counts(job) == (6, 2, 1, 0)
    assert "TIDAK TETAP" in messages(job)[8]
    job = commit(job, admin)
    assert job.rows_written == 6
    assert worker(people[0]).occupation.code == "petani"  # type: ignore[union-attr]


def test_a_desa_operator_is_not_asked_for_the_desa(personas: Any) -> None:
    job = upload(personas["desa"], lf.opensid_xlsx(lf.muba_people()))
    assert job.status == S.CHECKED, job.error_message
    assert job.desa_id == lf.SUKARAMI
    assert counts(job) == (6, 2, 1, 0)


def test_the_desa_picker_offers_only_the_uploaders_area(personas: Any, client: Any) -> None:
    user = personas["kecamatan"]  # Kecamatan Sekayu
    job = upload(user, lf.opensid_xlsx(lf.muba_people()))
    client.force_login(user)
    page = client.get(reverse("import_detail", args=[job.pk])).content.decode()
    assert "Format dikenali" in page and "Ekspor Penduduk OpenSID" in page
    assert "Menunggu pilihan desa" in page
    assert f'value="{lf.SUKARAMI}"' in page and f'value="{lf.LUMPATAN}"' in page
    assert f'value="{DESA_LAIS}"' not in page
    refused = client.post(reverse("import_map", args=[job.pk]), {"desa": DESA_LAIS})
    assert refused.status_code == 400
    with pytest.raises(ImportActionError):
        import_job_map(job=job, mapping={}, by=user, desa=DESA_LAIS)
    response = client.post(reverse("import_map", args=[job.pk]), {"desa": lf.LUMPATAN})
    assert response.status_code == 302
    job = engine.run_check(job.pk)
    assert job.status == S.CHECKED and job.desa_id == lf.LUMPATAN
    page = client.get(reverse("import_detail", args=[job.pk])).content.decode()
    assert "Lumpatan" in page and 'id="inactive"' in page


def test_siak_xls_imports_as_disdukcapil_writes_it(personas: Any) -> None:
    admin = personas["admin"]
    people = lf.muba_people()
    job = upload(admin, lf.siak_xls(people), "siak_sukarami.xls")
    assert job.status == S.CHECKED, job.error_message
    assert job.layout_label == "Ekspor SIAK Disdukcapil"
    assert counts(job) == (6, 1, 1, 0)
    assert "Mati" in messages(job)[8]
    job = commit(job, admin)
    assert job.rows_written == 6
    first = worker(people[0])
    assert first.desa_id == lf.SUKARAMI and first.kk == people[0].kk
    assert first.address == "Dsn DUSUN II, RT 3/RW 1"
    assert first.birth_date == people[0].birth


def test_p3ke_individu_extract_imports_with_desil_and_id(personas: Any) -> None:
    admin = personas["admin"]
    people = lf.muba_people()
    job = upload(admin, lf.p3ke_xlsx(people), "p3ke_individu.xlsx", source="p3ke")
    assert job.status == S.CHECKED, job.error_message
    assert job.layout_label == "P3KE Individu (Kemenko PMK)"
    assert counts(job) == (6, 1, 0, 0)
    job = commit(job, admin)
    assert job.rows_written == 6
    first, second = worker(people[0]), worker(people[1])
    assert (first.desil, second.desil) == (1, 2)
    assert first.source_ref == f"I1606{people[0].serial}"
    assert first.birth_date == people[0].birth  # "12/04/1979 00:00"
    assert second.birth_date == people[1].birth  # "1983-11-02"


def test_dtks_people_are_found_on_their_sheet(personas: Any) -> None:
    admin = personas["admin"]
    people = lf.muba_people()
    job = with_desa(upload(admin, lf.dtks_xlsx(people), "dtks_regsosek.xlsx"), admin)
    assert job.status == S.CHECKED, job.error_message
    assert job.layout == "dtks"
    assert counts(job) == (6, 1, 1, 0)
    assert "meninggal" in messages(job)[10]
    job = commit(job, admin)
    assert job.rows_written == 6
    assert worker(people[1]).kk == people[0].kk  # the family's KK, written on its first row only
    assert worker(people[1]).birth_date == people[1].birth


def test_headers_match_whatever_their_case_spaces_and_joins(personas: Any) -> None:
    person = lf.muba_people()[0]
    headers = ["NIK", "nama_lengkap", "TanggalLahir", "JENIS-KELAMIN", "kode_desa", "Dusun", "R.T.", "rw"]
    row = [person.nik, person.name, person.birth.isoformat(), "L", lf.SUKARAMI, "Talang", "2", "-"]
    job = upload(personas["admin"], csv_bytes([row], headers), "lain.csv")
    assert job.status == S.CHECKED, (job.error_message, job.unknown_headers)
    assert job.layout == "" and job.valid == 1
    commit(job, personas["admin"])
    assert worker(person).address == "Dusun Talang, RT 2"


def test_command_line_takes_the_desa_and_has_no_upload_limit(
    personas: Any, settings: Any, tmp_path: Path
) -> None:
    settings.IMPORT_MAX_BYTES = 1000  # far below the file: only uploads are bound by it
    path = tmp_path / "penduduk.xlsx"
    path.write_bytes(lf.opensid_xlsx(lf.muba_people()))
    with pytest.raises(CommandError, match="--desa"):
        call_command("import_workers", str(path), "--user", "admin", stdout=io.StringIO())
    out = io.StringIO()
    call_command(
        "import_workers", str(path), "--user", "admin", "--desa", "1606012001", "--commit", stdout=out
    )
    text = out.getvalue()
    assert "Format dikenali: Ekspor Penduduk OpenSID (kode)" in text
    assert "meninggal/pindah/hilang 1" in text
    assert "Tersimpan 6 pekerja" in text
    assert Worker.objects.filter(desa_id=lf.SUKARAMI, source="impor").count() == 6
    with pytest.raises(ImportFileError, match="terlalu besar"):  # the web upload keeps its limit
        import_job_create(
            file=ContentFile(path.read_bytes()), name="x.xlsx", source="impor", by=personas["admin"]
        )


def test_command_line_max_mb(personas: Any, tmp_path: Path) -> None:
    path = tmp_path / "besar.csv"
    person = lf.muba_people()[0]
    row = [person.nik, person.name, person.birth.isoformat(), "L", lf.SUKARAMI, "x" * 100]
    path.write_bytes(csv_bytes([row], ["NIK", "Nama", "Tanggal Lahir", "JK", "Kode Desa", "Keterangan"]) * 1)
    path.write_bytes(path.read_bytes() + b"\n" * (1024 * 1024 + 10))
    with pytest.raises(CommandError, match="batasnya 1 MB"):
        call_command("import_workers", str(path), "--max-mb", "1", stdout=io.StringIO())
    out = io.StringIO()
    call_command("import_workers", str(path), stdout=out)
    assert "valid 1" in out.getvalue()
