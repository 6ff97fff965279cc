"""A deployment that loaded one kabupaten's regions gets every province and kabupaten/kota of the country, so
that a NIK issued elsewhere is recognised. A fresh database is left empty: `load_regions` fills it."""

from django.db import migrations


def load(apps, schema_editor):
    Region = apps.get_model("regions", "Region")
    if not Region.objects.exists():
        return
    from lindung.regions.loader import packaged_rows

    levels = {0: "provinsi", 1: "kabupaten"}
    rows = [(c, n) for c, n in packaged_rows() if c.count(".") <= 1]
    existing = set(Region.objects.filter(code__in=[c for c, _n in rows]).values_list("code", flat=True))
    Region.objects.bulk_create(
        [
            Region(code=c, name=n, level=levels[c.count(".")], parent_id=c.split(".")[0] if "." in c else None)
            for c, n in sorted(rows, key=lambda r: (r[0].count("."), r[0]))
            if c not in existing
        ],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [("regions", "0002_region_alias")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
