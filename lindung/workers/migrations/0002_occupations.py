from django.db import migrations

OCCUPATIONS = [
    ("tukang-bangunan", "Tukang bangunan"),
    ("buruh-harian", "Buruh harian lepas"),
    ("pedagang-kaki-lima", "Pedagang kaki lima"),
    ("petani", "Petani/pekebun"),
    ("buruh-tani", "Buruh tani/kebun"),
    ("penyadap-karet", "Penyadap karet"),
    ("pekerja-sawit", "Pekerja kebun sawit"),
    ("nelayan", "Nelayan"),
    ("ojek", "Pengemudi ojek"),
    ("sopir", "Sopir angkutan"),
    ("pedagang-keliling", "Pedagang keliling"),
    ("pengrajin", "Pengrajin/industri rumahan"),
    ("asisten-rumah-tangga", "Asisten rumah tangga"),
    ("marbot", "Marbot/pengurus rumah ibadah"),
    ("guru-ngaji", "Guru ngaji"),
    ("kader-posyandu", "Kader posyandu"),
    ("perangkat-desa", "Perangkat desa/RT/RW"),
    ("pekerja-mbg", "Pekerja dapur makan bergizi gratis (MBG)"),
    ("tenaga-honorer", "Tenaga non-ASN pemerintah"),
    ("lainnya", "Lainnya"),
]


def seed(apps, schema_editor):
    Occupation = apps.get_model("workers", "Occupation")
    for code, name in OCCUPATIONS:
        Occupation.objects.get_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("workers", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
