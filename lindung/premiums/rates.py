"""What a member costs: the rate rows in force on a day for a funding source, applied to the declared income."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from lindung.enrolment.models import DEFAULT_PROGRAMS, FundingSource

from .models import PremiumRate


class RateMissing(Exception):
    pass


def rate_for(*, program: str, funding_kind: str, on: dt.date) -> PremiumRate:
    """The newest row of `program` in force on `on` that does not exclude this kind of funding."""
    rows = PremiumRate.objects.filter(program=program, effective_from__lte=on).filter(
        Q(effective_to__isnull=True) | Q(effective_to__gte=on)
    )
    for row in rows.order_by("-effective_from", "-id"):
        if funding_kind not in (row.excluded_kinds or []):
            return row
    raise RateMissing(
        _("Tidak ada tarif iuran %(p)s yang berlaku pada %(d)s; isi tabel tarif dulu.")
        % {"p": program, "d": on}
    )


def program_premium(rate: PremiumRate, declared_income: int) -> int:
    if rate.basis == PremiumRate.Basis.FLAT:
        return int(rate.value.quantize(Decimal("1"), rounding=ROUND_HALF_UP))
    amount = Decimal(declared_income) * rate.value / Decimal(100)
    return int(amount.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def member_premium_by_program(
    *, funding_source: FundingSource, on: dt.date, programs: str = DEFAULT_PROGRAMS
) -> dict[str, int]:
    """Rupiah per program for one member of this funding source for the month containing `on`.

    A government-paid programme registers members at the funding source's declared income, whatever they earn.
    """
    return {
        program: program_premium(
            rate_for(program=program, funding_kind=funding_source.kind, on=on), funding_source.declared_income
        )
        for program in programs.split("+")
    }


def member_monthly_premium(
    *, funding_source: FundingSource, on: dt.date, programs: str = DEFAULT_PROGRAMS
) -> int:
    return sum(member_premium_by_program(funding_source=funding_source, on=on, programs=programs).values())


def month_starts(first: dt.date, months: int) -> list[dt.date]:
    result, day = [], first.replace(day=1)
    for _i in range(months):
        result.append(day)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return result


def projected_cost(*, funding_source: FundingSource, members: int, first_month: dt.date, months: int) -> int:
    """What-if: `members` members for `months` months from `first_month`, at the rates of each month."""
    return sum(
        members * member_monthly_premium(funding_source=funding_source, on=month)
        for month in month_starts(first_month, months)
    )
