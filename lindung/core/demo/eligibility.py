"""Demo data for eligibility: the rules come from the migration; store results for every pending worker."""

from typing import Any

from lindung.eligibility.models import EligibilityRule
from lindung.eligibility.services import eligibility_refresh_many, pending_workers


def seed(out: Any) -> None:
    count = eligibility_refresh_many(workers=pending_workers())
    rules = EligibilityRule.objects.filter(active=True).count()
    out.write(f"Kelayakan: {rules} aturan aktif, {count} pekerja yang belum disetujui dinilai.")
