import datetime as dt

import pytest

from lindung.conftest import MUBA, login, make_worker
from lindung.enrolment.memberships import MembershipError
from lindung.enrolment.models import Membership, RenewalRun
from lindung.enrolment.renewal import renewal_confirm, renewal_propose
from lindung.premiums.models import Claim
from lindung.regions.models import Region
from lindung.workers.models import Status, Worker

pytestmark = pytest.mark.django_db


def test_renewal_across_the_age_limit(personas, apbd, settings):
    settings.MAX_AGE = 65
    make = lambda birth, kpj: Membership.objects.create(  # noqa: E731
        worker=make_worker(status=Status.TERDAFTAR, birth_date=birth),
        kpj=kpj,
        funding_source=apbd,
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
    )
    turns_66_on_new_year = make(dt.date(1961, 1, 1), "16010000001")  # 66 on 1 Jan 2027
    still_65 = make(dt.date(1961, 1, 2), "16010000002")  # 65 on 1 Jan 2027
    moved = make(dt.date(1990, 1, 1), "16010000003")
    died = make(dt.date(1990, 1, 1), "16010000004")
    Claim.objects.create(membership=died, kind="JKM", event_date=dt.date(2026, 5, 1))
    Worker.objects.filter(pk=moved.worker_id).update(kabupaten_id="16.07")
    run = renewal_propose(kabupaten=Region.objects.get(code=MUBA), fiscal_year=2027, by=personas["admin"])
    proposals = {line.membership.kpj: (line.proposal, line.end_reason) for line in run.lines.all()}
    assert proposals == {
        "16010000001": ("berhenti", "batas_usia"),
        "16010000002": ("lanjut", ""),
        "16010000003": ("berhenti", "pindah_domisili"),
        "16010000004": ("berhenti", "meninggal"),
    }
    page = login(personas["admin"]).get(f"/kepesertaan/pembaruan/{run.pk}/").content.decode()
    assert "Umur 66 tahun, di atas batas 65 tahun" in page
    counts = renewal_confirm(run=run, by=personas["admin"])
    assert counts == {"continued": 1, "ended": 3, "skipped": 0}
    turns_66_on_new_year.refresh_from_db()
    still_65.refresh_from_db()
    assert (turns_66_on_new_year.status, turns_66_on_new_year.end_date) == ("berhenti", dt.date(2026, 12, 31))
    assert (still_65.status, still_65.end) == ("aktif", dt.date(2027, 12, 31))
    with pytest.raises(MembershipError, match="sudah dikonfirmasi"):
        renewal_confirm(run=run, by=personas["admin"])


def test_without_an_age_rule_the_setting_decides(personas, apbd, settings):
    from lindung.eligibility.models import EligibilityRule

    EligibilityRule.objects.filter(kind="usia").update(active=False)
    settings.MAX_AGE = 59
    m = Membership.objects.create(
        worker=make_worker(status=Status.TERDAFTAR, birth_date=dt.date(1966, 6, 1)),
        kpj="16010000001",
        funding_source=apbd,
        start=dt.date(2026, 1, 1),
    )
    run = renewal_propose(kabupaten=Region.objects.get(code=MUBA), fiscal_year=2027, by=personas["admin"])
    line = run.lines.get(membership=m)
    assert (line.proposal, line.end_reason) == ("berhenti", "batas_usia")
    assert line.note == "Umur 60 tahun pada 1 Januari 2027, di atas batas 59 tahun."


def test_renewal_pages(personas, apbd):
    Membership.objects.create(
        worker=make_worker(status=Status.TERDAFTAR),
        kpj="16010000009",
        funding_source=apbd,
        start=dt.date(2026, 1, 1),
    )
    client = login(personas["admin"])
    response = client.post("/kepesertaan/pembaruan/", {"fiscal_year": 2027}, follow=True)
    assert "Lanjut: 1" in response.content.decode()
    run = RenewalRun.objects.get()
    response = client.post(f"/kepesertaan/pembaruan/{run.pk}/konfirmasi/", follow=True)
    assert "1 lanjut, 0 berhenti" in response.content.decode()
    assert login(personas["pimpinan"]).post(f"/kepesertaan/pembaruan/{run.pk}/konfirmasi/").status_code == 403
    assert login(personas["admin_lain"]).get(f"/kepesertaan/pembaruan/{run.pk}/").status_code == 404


def test_the_proposals_to_end_are_listed_first(personas, apbd, settings):
    settings.MAX_AGE = 65
    for i in range(3):
        Membership.objects.create(
            worker=make_worker(status=Status.TERDAFTAR, birth_date=dt.date(1990, 1, 1)),
            kpj=f"1601000010{i}",
            funding_source=apbd,
            start=dt.date(2026, 1, 1),
        )
    Membership.objects.create(
        worker=make_worker(status=Status.TERDAFTAR, birth_date=dt.date(1961, 1, 1), name="Sukarman Tua"),
        kpj="16010000199",
        funding_source=apbd,
        start=dt.date(2026, 1, 1),
    )
    run = renewal_propose(kabupaten=Region.objects.get(code=MUBA), fiscal_year=2027, by=personas["admin"])
    page = login(personas["admin"]).get(f"/kepesertaan/pembaruan/{run.pk}/")
    assert [line.proposal for line in page.context["lines"]] == ["berhenti", "lanjut", "lanjut", "lanjut"]
