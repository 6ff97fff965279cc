from decimal import Decimal

import pytest

from lindung.conftest import MUBA
from lindung.reports.coverage import coverage_percent, potential_for, target_for
from lindung.reports.models import CoverageTarget, PotentialWorkers


def test_it_reproduces_the_published_july_2025_figure():
    assert coverage_percent(103_079, 213_582) == Decimal("48.26")


def test_it_reproduces_the_published_december_2024_figure():
    assert coverage_percent(88_958, 213_582) == Decimal("41.65")


def test_it_rounds_half_up():
    # 1 / 800 = 0.125 %: half-even would give 0.12
    assert coverage_percent(1, 800) == Decimal("0.13")


def test_an_unknown_potential_gives_no_percentage():
    assert coverage_percent(10, None) is None
    assert coverage_percent(10, 0) is None


@pytest.mark.django_db
def test_the_potential_of_a_year_falls_back_to_the_latest_earlier_year():
    PotentialWorkers.objects.create(region_id=MUBA, year=2024, count=200_000)
    PotentialWorkers.objects.create(region_id=MUBA, year=2025, count=213_582)
    assert getattr(potential_for(MUBA, 2026), "count", None) == 213_582
    assert getattr(potential_for(MUBA, 2024), "count", None) == 200_000
    assert potential_for(MUBA, 2023) is None


@pytest.mark.django_db
def test_the_target_defaults_to_the_national_figure():
    assert target_for(MUBA, 2026) == Decimal("52.15")
    CoverageTarget.objects.create(region_id=MUBA, year=2026, percent=Decimal("60.00"))
    assert target_for(MUBA, 2026) == Decimal("60.00")
