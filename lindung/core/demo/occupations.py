"""Demo occupation of the demo kabupaten's own: Musi Banyuasin's people's oil wells (sumur minyak rakyat) employ
workers that no other kabupaten of the province lists. A few demo workers get it, and the kabupaten's own alias
reads the way its village files write it."""

from typing import Any

from django.conf import settings

from lindung.accounts.models import User
from lindung.masterdata.services import occupation_alias_save, occupation_save
from lindung.regions.models import Region
from lindung.workers.models import Occupation, OccupationAlias, Segment, Worker, alias_key

CODE = "pekerja-sumur-minyak-rakyat"
# How Musi Banyuasin's village sheets write it; an alias of the kabupaten's own, read by its imports only.
ALIAS = "PENAMBANG MINYAK RAKYAT"


def seed(out: Any) -> None:
    kabupaten = Region.objects.get(code=settings.DEFAULT_KABUPATEN)
    occupation = Occupation.objects.filter(code=CODE, kabupaten=kabupaten).first()
    if occupation is None:
        occupation = occupation_save(
            occupation=Occupation(code=CODE, name="Pekerja sumur minyak rakyat", kabupaten=kabupaten),
            before=None,
            by=User.objects.get(username="dinas"),
        )
        # Some of the day labourers of the demo work the wells: the same workers on every machine.
        labourers = Worker.objects.filter(
            kabupaten=kabupaten,
            source_ref__startswith="DEMO-",
            segment=Segment.RENTAN,
            occupation__code="buruh-harian",
        ).order_by("id")
        Worker.objects.filter(pk__in=list(labourers.values_list("pk", flat=True)[:12])).update(
            occupation=occupation
        )
    count = Worker.objects.filter(occupation=occupation).count()
    out.write(f"Pekerjaan khusus {kabupaten.name}: {occupation.name} ({count} pekerja).")
    if not OccupationAlias.objects.filter(kabupaten=kabupaten, key=alias_key(ALIAS)).exists():
        occupation_alias_save(
            alias=OccupationAlias(text=ALIAS, occupation=occupation, kabupaten=kabupaten),
            before=None,
            by=User.objects.get(username="dinas"),
        )
        out.write(f"Padanan khusus {kabupaten.name}: {ALIAS} → {occupation.name}.")
