import io

import pytest

from lindung.core.demo import eligibility, intake, notices, people, whatsapp
from lindung.notices.models import InboundMessage, Notice, WhatsAppContact

pytestmark = pytest.mark.django_db


def test_the_demo_shows_each_kind_of_exchange_and_delivery_report_once():
    out = io.StringIO()
    people.seed_agencies(out)
    people.seed_users(out)
    eligibility.seed(out)
    intake.seed(out)
    notices.seed(out)
    whatsapp.seed(out)
    inbound = InboundMessage.objects.all()
    assert sorted(inbound.values_list("command", flat=True)) == [
        "",
        "",
        "BERHENTI",
        "DAFTAR",
        "STATUS",
        "STATUS",
    ]
    assert all(m.outcome == "answered" and m.reply_id for m in inbound)
    assert inbound.filter(command="STATUS", worker__isnull=False).count() == 1  # the wrong date finds nobody
    assert not any("1606014503900001" in m.text for m in inbound)
    assert WhatsAppContact.objects.filter(opted_out_at__isnull=False).count() == 1
    reported = set(Notice.objects.exclude(delivery="").values_list("delivery", flat=True))
    assert reported == {"sent", "delivered", "read", "failed"}
    rows = InboundMessage.objects.count(), Notice.objects.count()
    whatsapp.seed(out)
    assert (InboundMessage.objects.count(), Notice.objects.count()) == rows
    assert "WhatsApp masuk: contoh sudah ada." in out.getvalue()
