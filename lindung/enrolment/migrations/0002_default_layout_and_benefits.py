import datetime as dt

from django.db import migrations

DEFAULT_COLUMNS = [
    ["No", "no"],
    ["NIK", "nik"],
    ["Nama", "name"],
    ["Tempat Lahir", "birth_place"],
    ["Tanggal Lahir", "birth_date"],
    ["Jenis Kelamin", "sex"],
    ["Alamat", "address"],
    ["Desa/Kelurahan", "desa"],
    ["Kecamatan", "kecamatan"],
    ["Pekerjaan", "occupation"],
    ["No HP", "phone"],
    ["Penghasilan", "income"],
    ["Program", "programs"],
    ["Kode Wadah", "group_code"],
    ["Mulai Kepesertaan", "coverage_start"],
]
BASIS = "PP 44/2015 jo. PP 82/2019 dan PP 49/2023"
BENEFITS = [
    ("JKK", 1, "Perawatan tanpa batas biaya",
     "Pengobatan dan perawatan akibat kecelakaan kerja, termasuk dalam perjalanan kerja, ditanggung sesuai "
     "kebutuhan medis tanpa batas biaya.", None, None),
    ("JKK", 2, "Santunan kematian karena kecelakaan kerja",
     "Bila peserta meninggal karena kecelakaan kerja, ahli waris menerima santunan", None, 48),
    ("JKK", 3, "Cacat total tetap",
     "Bila kecelakaan kerja menyebabkan cacat total tetap, peserta menerima santunan", None, 56),
    ("JKM", 1, "Santunan kematian",
     "Bila peserta meninggal bukan karena kecelakaan kerja, ahli waris menerima Rp42.000.000: santunan sekaligus "
     "Rp20 juta, santunan berkala Rp12 juta, dan biaya pemakaman Rp10 juta.", 42_000_000, None),
    ("JKM", 2, "Beasiswa anak",
     "Beasiswa pendidikan untuk paling banyak 2 anak (syarat iuran minimal 3 tahun, kecuali meninggal karena "
     "kecelakaan kerja).", None, None),
]


def forward(apps, schema_editor):
    ExportLayout = apps.get_model("enrolment", "ExportLayout")
    Benefit = apps.get_model("enrolment", "Benefit")
    ExportLayout.objects.get_or_create(
        name="Bawaan Lindung", defaults={"columns": DEFAULT_COLUMNS, "is_default": True}
    )
    for program, order, title, description, amount, multiple in BENEFITS:
        Benefit.objects.get_or_create(
            program=program,
            order=order,
            effective_from=dt.date(2019, 1, 1),
            defaults={
                "title": title,
                "description": description,
                "amount": amount,
                "income_multiple": multiple,
                "legal_basis": BASIS,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("enrolment", "0001_initial")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
