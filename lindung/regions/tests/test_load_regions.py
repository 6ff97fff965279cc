import io

import pytest
from django.core.management import CommandError, call_command

from lindung.regions.models import Region, RegionAlias


def run(*args):
    out = io.StringIO()
    call_command("load_regions", *args, stdout=out)
    return out.getvalue()


def desa_under(code):
    return Region.objects.filter(code__startswith=code + ".", level="desa")


@pytest.mark.django_db
def test_fixture_holds_muba_with_its_15_kecamatan_and_242_desa():
    assert Region.objects.get(code="16.06").name == "Kabupaten Musi Banyuasin"
    assert Region.objects.filter(parent_id="16.06", level="kecamatan").count() == 15
    assert Region.objects.get(code="16.06.01").name == "Sekayu"
    # Kepmendagri 100.1.1-6117/2022 and 300.2.2-2138/2025: 242; the list packaged before had 240.
    assert desa_under("16.06").count() == 242
    assert Region.objects.get(code="16.06.02.2016").name == "Epil Barat"
    assert Region.objects.get(code="16.06.06.2043").name == "Toman Baru"
    assert Region.objects.get(code="16.06.13").name == "Lawan Wetan"
    assert list(RegionAlias.objects.filter(region_id="16.06.13").values_list("name", flat=True)) == [
        "Lawang Wetan"
    ]


@pytest.mark.django_db
def test_load_regions_gives_242_desa_and_every_kabupaten_of_the_country():
    desa_under("16.06").delete()
    Region.objects.filter(parent_id="16.06").delete()
    output = run("16.06")
    assert "257 ditambah, 0 berganti nama" in output  # 15 kecamatan + 242 desa
    assert Region.objects.filter(parent_id="16.06", level="kecamatan").count() == 15
    assert desa_under("16.06").count() == 242
    # The country down to kabupaten/kota, so that a NIK from anywhere is recognised; no desa of elsewhere.
    assert Region.objects.filter(level="provinsi").count() == 38
    assert Region.objects.filter(level="kabupaten").count() == 514
    assert Region.objects.get(code="31.71").name == "Kota Administrasi Jakarta Pusat"
    assert not Region.objects.filter(code__startswith="31.71.").exists()
    assert RegionAlias.objects.filter(region_id="16.06.13", name="Lawang Wetan").count() == 1


@pytest.mark.django_db
def test_reloading_is_idempotent():
    assert "0 ditambah, 0 berganti nama" in run("16.06")
    assert "0 nama lama dicatat" in run("16.06")


@pytest.mark.django_db
def test_a_newer_file_adds_and_renames_and_keeps_the_old_name(tmp_path):
    newer = tmp_path / "wilayah.csv"
    newer.write_text(
        "kode,nama\n16,Sumatera Selatan\n16.06,Kabupaten Musi Banyuasin\n16.06.01,Sekayu\n"
        "16.06.01.2001,Sukarami Baru\n16.06.01.2099,Desa Pemekaran\n"
    )
    output = run("16.06", "--file", str(newer))
    assert "1 ditambah, 1 berganti nama" in output
    assert "16.06.01.2001: Sukarami -> Sukarami Baru" in output
    assert Region.objects.get(code="16.06.01.2099").parent_id == "16.06.01"
    alias = RegionAlias.objects.get(region_id="16.06.01.2001")
    assert alias.name == "Sukarami"
    assert "wilayah.csv" in alias.source


@pytest.mark.django_db
def test_a_file_of_desa_only_updates_its_kabupaten(tmp_path):
    newer = tmp_path / "tambahan.csv"
    newer.write_text("16.06.01.2098,Desa Baru\n")
    assert "1 ditambah" in run("16.06", "--file", str(newer))


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
    assert Region.objects.count() == 91599
    # Kepmendagri 300.2.2-2138/2025 has the Papua provinces of 2022 (Papua Selatan, Tengah, Pegunungan, Barat Daya).
    assert Region.objects.filter(level="provinsi").count() == 38
    assert Region.objects.get(code="96").name == "Papua Barat Daya"
    assert "ditambah" in output
    # Former names of other kabupaten come with them.
    assert RegionAlias.objects.filter(region_id="15.06.13.2003", name="Telukketapang").exists()
