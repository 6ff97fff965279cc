import datetime as dt

from django.conf import settings
from django.db import migrations

BASIS = "Perbup Muba 54/2023"
START = dt.date(2023, 1, 1)


def seed(apps, schema_editor):
    Rule = apps.get_model("eligibility", "EligibilityRule")
    if Rule.objects.exists():
        return
    rows = [
        ("usia", {"min": settings.MIN_AGE, "max": settings.MAX_AGE}, "semua", f"{BASIS}; batas usia ditetapkan kabupaten", True),
        ("domisili", {"kabupaten": "", "basis": "nik_atau_kk"}, "semua", BASIS, True),
        ("bukan_asn", {"occupations": []}, "semua", f"Inpres 2/2021; {BASIS}", True),
        ("bukan_peserta", {}, "semua", BASIS, True),
        # Optional: PAKE KELAMBU drew from P3KE desil 1-3; switch on when a program targets by desil.
        ("desil", {"max": 3}, "rentan", f"{BASIS} (PAKE KELAMBU, data P3KE)", False),
    ]
    for kind, parameters, segment, basis, active in rows:
        Rule.objects.create(
            kind=kind, parameters=parameters, segment=segment, effective_from=START, legal_basis=basis, active=active
        )


class Migration(migrations.Migration):
    dependencies = [("eligibility", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
