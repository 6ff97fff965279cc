import datetime as dt
from decimal import Decimal

from django.db import migrations

GOVERNMENT = ["apbn", "apbd_kabupaten", "apbdes", "opd"]
RATES = [
    # program, basis, value, from, to, excluded kinds, legal basis
    ("JKK", "percent_of_income", Decimal("1.0000"), dt.date(2015, 7, 1), None, [],
     "PP 44/2015 Lampiran II jo. PP 82/2019: 1% penghasilan, penghasilan terendah Rp1.000.000"),
    ("JKM", "flat", Decimal("6800"), dt.date(2015, 7, 1), None, [],
     "PP 44/2015 jo. PP 82/2019: Rp6.800 per bulan untuk peserta bukan penerima upah"),
    ("JHT", "percent_of_income", Decimal("2.0000"), dt.date(2015, 7, 1), None, [],
     "PP 46/2015: 2% penghasilan, pilihan bagi peserta bukan penerima upah"),
    # PP 50/2025 halves JKK and JKM for BPU workers Apr–Dec 2026, but not for members paid from APBN/APBD.
    # APBDes money is treated as government money too (the cautious reading for the budget).
    ("JKK", "percent_of_income", Decimal("0.5000"), dt.date(2026, 4, 1), dt.date(2026, 12, 31), GOVERNMENT,
     "PP 50/2025: keringanan 50% iuran JKK BPU April–Desember 2026, tidak untuk iuran yang dibayar APBN/APBD"),
    ("JKM", "flat", Decimal("3400"), dt.date(2026, 4, 1), dt.date(2026, 12, 31), GOVERNMENT,
     "PP 50/2025: keringanan 50% iuran JKM BPU April–Desember 2026, tidak untuk iuran yang dibayar APBN/APBD"),
]


def forward(apps, schema_editor):
    PremiumRate = apps.get_model("premiums", "PremiumRate")
    for program, basis, value, start, end, excluded, basis_text in RATES:
        PremiumRate.objects.get_or_create(
            program=program,
            effective_from=start,
            value=value,
            defaults={"basis": basis, "effective_to": end, "excluded_kinds": excluded, "legal_basis": basis_text},
        )


class Migration(migrations.Migration):
    dependencies = [("premiums", "0001_initial")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
