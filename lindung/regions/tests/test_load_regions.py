import io

import pytest
from django.core.management import CommandError, call_command

from lindung.regions.models import Region


def run(*args):
    out = io.StringIO()
    call_command("load_regions", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_fixture_holds_muba_with_its_15_kecamatan():
    assert Region.objects.get(code="16.06").name == "KAB. MUSI BANYUASIN"
    assert Region.objects.filter(parent_id="16.06", level="kecamatan").count() == 15
    assert Region.objects.get(code="16.06.01").name == "Sekayu"
    assert Region.objects.filter(code__startswith="16.06.", level="desa").count() == 240


@pytest.mark.django_db
def test_reloading_is_idempotent():
    assert "0 ditambah, 0 berganti nama" in run("16.06")


@pytest.mark.django_db
def test_a_newer_file_adds_and_renames(tmp_path):
    newer = tmp_path / "wilayah.csv"
    newer.write_text(
        "kode,nama\n16,SUMATERA SELATAN\n16.06,KAB. MUSI BANYUASIN\n16.06.01,Sekayu\n"
        "16.06.01.2001,Sukarami Baru\n16.06.01.2099,Desa Pemekaran\n"
    )
    output = run("16.06", "--file", str(newer))
    assert "1 ditambah, 1 berganti nama" in output
    assert "16.06.01.2001: Sukarami -> Sukarami Baru" in output
    assert Region.objects.get(code="16.06.01.2099").parent_id == "16.06.01"


@pytest.mark.django_db
def test_bad_file_is_refused_and_nothing_written(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("16.06.01.2098,Desa Baik\n16.06.01.20X1,Desa Rusak\n")
    with pytest.raises(CommandError, match="kode wilayah"):
        run("16.06", "--file", str(bad))
    assert not Region.objects.filter(code="16.06.01.2098").exists()


@pytest.mark.django_db
def test_bad_code_argument():
    with pytest.raises(CommandError, match="tidak sah"):
        run("1606")
    with pytest.raises(CommandError, match="tidak ada"):
        run("99.99")


@pytest.mark.django_db
def test_all_of_indonesia_loads():
    output = run("--all")
    assert Region.objects.count() == 91219
    # The packaged dataset predates the 2022 Papua provinces; those come with `--file` and the official update.
    assert Region.objects.filter(level="provinsi").count() == 34
    assert "ditambah" in output
    assert Region.objects.get(code="31.71").name  # Jakarta Pusat
