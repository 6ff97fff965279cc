import datetime as dt
import io

import pytest
from django.core.management import call_command

from lindung.conftest import DESA_A, MUBA, make_worker
from lindung.core.demo import reports as demo
from lindung.reports.models import CoverageSnapshot, PotentialWorkers, Regulation, SnapshotRun
from lindung.reports.snapshot import age_group_of, snapshot_dates, snapshot_refresh

from .conftest import TODAY, member

pytestmark = pytest.mark.django_db


def test_the_snapshot_holds_today_and_eleven_month_ends():
    dates = snapshot_dates(dt.date(2026, 6, 15))
    assert len(dates) == 12
    assert dates[0] == dt.date(2025, 7, 31) and dates[-2] == dt.date(2026, 5, 31) and dates[-1] == TODAY


def test_a_rebuild_replaces_rather_than_adds(apbd):
    member(make_worker(DESA_A), apbd)
    snapshot_refresh(today=TODAY)
    first = CoverageSnapshot.objects.count()
    snapshot_refresh(today=TODAY)
    assert CoverageSnapshot.objects.count() == first
    # a later day supersedes the earlier "today" (not a month end) but keeps the month ends
    snapshot_refresh(today=dt.date(2026, 6, 20))
    assert not CoverageSnapshot.objects.filter(on=TODAY).exists()
    assert CoverageSnapshot.objects.filter(on=dt.date(2026, 5, 31), dimension="total").get().count == 1


def test_the_command_rebuilds_it(apbd):
    member(make_worker(DESA_A), apbd)
    out = io.StringIO()
    call_command("laporan_refresh", stdout=out)
    assert "Ringkasan per" in out.getvalue()
    assert SnapshotRun.objects.count() == 1


def test_age_groups_follow_birthdays():
    assert age_group_of(dt.date(2000, 6, 16), TODAY) == "18–25"  # 25 until tomorrow
    assert age_group_of(dt.date(2000, 6, 15), TODAY) == "26–35"
    assert age_group_of(dt.date(1960, 6, 15), TODAY) == ">65"
    assert age_group_of(dt.date(2010, 1, 1), TODAY) == "<18"


def test_the_demo_step_is_idempotent_and_adds_up():
    demo.seed(io.StringIO())
    demo.seed(io.StringIO())
    assert PotentialWorkers.objects.filter(region_id=MUBA).count() == 3
    kecamatan = PotentialWorkers.objects.filter(year=2025, region__level="kecamatan", region__parent_id=MUBA)
    assert kecamatan.count() == 15
    assert sum(kecamatan.values_list("count", flat=True)) == 213_582
    assert Regulation.objects.count() == 2
