"""WhatsApp in: the signed webhook (Cloud API and gateway), the STATUS conversation, DAFTAR, BERHENTI, and bad input."""

import datetime as dt
import json
import re
from typing import Any

import pytest
from django.test import Client

from lindung.conftest import DESA_A, MUBA, login, make_worker
from lindung.notices.models import Channel, InboundMessage, Notice, TemplateKey, WhatsAppContact
from lindung.notices.services import notice_enqueue, notice_send
from lindung.workers.models import Status

from .whatsapp_helpers import (
    APP_SECRET,
    GATEWAY_SECRET,
    VERIFY_TOKEN,
    fixture,
    post_cloud,
    post_gateway,
    text_message,
)

pytestmark = pytest.mark.django_db


def send(pk: int, **kwargs: Any) -> Notice:
    """One delivery attempt of a notice that is due."""
    notice = notice_send(notice_id=pk, **kwargs)
    assert notice is not None
    return notice


@pytest.fixture(autouse=True)
def _whatsapp(settings):
    settings.WHATSAPP_APP_SECRET = APP_SECRET
    settings.WHATSAPP_GATEWAY_SECRET = GATEWAY_SECRET
    settings.WHATSAPP_VERIFY_TOKEN = VERIFY_TOKEN
    settings.WHATSAPP_INBOUND_RATE_LIMIT = 10
    settings.PUBLIC_URL = "https://lindung.mubakab.go.id"


@pytest.fixture
def applicant():
    return make_worker(DESA_A, receipt_no="LD-ACDE3467", birth_date=dt.date(1990, 3, 5), source="mandiri")


def reply_body(inbound: InboundMessage) -> str:
    assert inbound.reply is not None
    return inbound.reply.body


def found(pattern: str, html: str) -> str:
    match = re.search(pattern, html, re.S)
    assert match is not None, pattern
    return match.group(1)


def sent_lines(settings):
    path = settings.NOTICE_LOG_FILE
    return (
        [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []
    )


def nothing_written():
    return not InboundMessage.objects.exists() and not Notice.objects.exists()


# The subscription handshake


def test_the_handshake_echoes_the_challenge_for_the_right_token():
    query = {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158201444"}
    response = Client().get("/whatsapp/webhook/", query)
    assert response.status_code == 200 and response.content == b"1158201444"


def test_the_handshake_refuses_a_wrong_token_and_an_unset_one(settings):
    query = {"hub.mode": "subscribe", "hub.verify_token": "tebakan", "hub.challenge": "1158201444"}
    assert Client().get("/whatsapp/webhook/", query).status_code == 403
    settings.WHATSAPP_VERIFY_TOKEN = ""
    query["hub.verify_token"] = ""
    assert Client().get("/whatsapp/webhook/", query).status_code == 403


# The STATUS conversation


def test_status_answers_what_the_status_page_answers(applicant, settings, django_capture_on_commit_callbacks):
    from lindung.enrolment.batches import funding_source_default
    from lindung.enrolment.models import Membership

    applicant.status = Status.TERDAFTAR
    applicant.save(update_fields=["status"])
    next_year = dt.date.today().year + 1
    Membership.objects.create(
        worker=applicant,
        kpj="16010000001",
        funding_source=funding_source_default(MUBA),
        start=dt.date(next_year, 1, 1),
        end=dt.date(next_year, 12, 31),
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = post_cloud(fixture("cloud_message_text.json"))  # "STATUS LD-ACDE-3467 05-03-1990"
    assert response.status_code == 200
    inbound = InboundMessage.objects.get()
    assert (inbound.command, inbound.outcome, inbound.msisdn) == ("STATUS", "answered", "6281234567890")
    assert inbound.worker == applicant
    reply = inbound.reply
    assert reply is not None
    assert (reply.channel, reply.template, reply.to, reply.status) == (
        Channel.WHATSAPP,
        TemplateKey.REPLY,
        "6281234567890",
        Notice.Status.SENT,
    )
    page = Client().post("/status/", {"receipt_no": "LD-ACDE-3467", "birth_date": "05-03-1990"})
    html = page.content.decode()
    message = found(r'<p id="status-message">(.*?)</p>', html)
    note = found(r'<p id="coverage-note" class="alert alert-info py-2">(.*?)</p>', html)
    for fact in ("LD-ACDE-3467", "Terdaftar", message, "16010000001", note):
        assert fact in html and fact in reply.body, fact
    assert f"1 Januari {next_year} – 31 Desember {next_year}" in reply.body
    assert applicant.nik not in reply.body and applicant.nik not in inbound.text
    # The reply went out through the outbox (the log adapter here), as free text to the sender.
    [line] = sent_lines(settings)
    assert line["to"] == "6281234567890" and line["body"] == reply.body


def test_a_wrong_date_gets_the_same_answer_as_a_wrong_number(applicant):
    post_cloud(text_message("status LD-ACDE-3467 06-03-1990", message_id="wamid.1"))
    post_cloud(text_message("STATUS LD-ACDE-3468 05-03-1990", message_id="wamid.2"))
    wrong_date, wrong_number = (reply_body(m) for m in InboundMessage.objects.order_by("pk"))
    assert wrong_date == wrong_number
    assert "tidak cocok" in wrong_date and "Diajukan" not in wrong_date
    assert all(m.worker is None for m in InboundMessage.objects.all())


def test_status_without_a_date_explains_how_to_ask(applicant):
    post_cloud(text_message("Status LD-ACDE-3467"))
    assert "Ketik: STATUS <nomor tanda terima> <tanggal lahir>" in reply_body(InboundMessage.objects.get())


def test_daftar_links_to_the_public_form():
    post_cloud(text_message("daftar"))
    inbound = InboundMessage.objects.get()
    assert inbound.command == "DAFTAR"
    assert "https://lindung.mubakab.go.id/daftar/" in reply_body(inbound)


def test_anything_else_gets_the_help_text():
    post_cloud(text_message("halo pak, saya mau tanya"))
    inbound = InboundMessage.objects.get()
    assert inbound.command == "" and inbound.outcome == "answered"
    assert "STATUS <nomor tanda terima> <tanggal lahir>" in reply_body(inbound)
    assert "DAFTAR" in reply_body(inbound) and "BERHENTI" in reply_body(inbound)


def test_berhenti_stops_notices_to_that_number_and_mulai_starts_them_again(applicant):
    post_cloud(text_message("BERHENTI", message_id="wamid.stop"))
    assert WhatsAppContact.objects.get(msisdn="6281234567890").opted_out
    assert "tidak akan lagi menerima" in reply_body(InboundMessage.objects.get())
    [notice] = notice_enqueue(worker=applicant, template_key="application_approved", payload={})
    notice = send(notice.pk)
    assert notice.status == Notice.Status.SKIPPED and "BERHENTI" in notice.last_error
    post_cloud(text_message("mulai", message_id="wamid.start"))
    contact = WhatsAppContact.objects.get(msisdn="6281234567890")
    assert not contact.opted_out and contact.opted_in_at is not None
    [again] = notice_enqueue(worker=applicant, template_key="application_returned", payload={"reason": "x"})
    assert send(again.pk).status == Notice.Status.SENT


def test_a_nik_in_a_message_is_never_stored():
    post_cloud(text_message("STATUS 1606014503900001 tgl 05-03-1990, KK 1606 0112 3456 0001"))
    inbound = InboundMessage.objects.get()
    assert "1606014503900001" not in inbound.text and "0001" not in inbound.text
    assert inbound.text.count("[NIK disamarkan]") == 2
    assert "1606014503900001" not in reply_body(inbound)


# Bad input


def test_a_wrong_signature_is_refused_and_nothing_written():
    response = post_cloud(text_message("STATUS LD-ACDE-3467 05-03-1990"), secret="bukan-rahasianya")
    assert response.status_code == 403
    assert nothing_written()
    unsigned = Client().post("/whatsapp/webhook/", data=b"{}", content_type="application/json")
    assert unsigned.status_code == 403


def test_no_app_secret_configured_refuses_everything(settings):
    settings.WHATSAPP_APP_SECRET = ""
    response = post_cloud(text_message("DAFTAR"), secret="")
    assert response.status_code == 403
    assert nothing_written()


def test_a_replayed_message_id_is_answered_once():
    payload = text_message("DAFTAR", message_id="wamid.sekali")
    assert post_cloud(payload).status_code == 200
    assert post_cloud(payload).status_code == 200
    assert InboundMessage.objects.count() == 1
    assert Notice.objects.filter(template=TemplateKey.REPLY).count() == 1


def test_a_flood_from_one_number_is_answered_up_to_the_limit(settings):
    settings.WHATSAPP_INBOUND_RATE_LIMIT = 3
    for i in range(6):
        assert post_cloud(text_message("halo", message_id=f"wamid.banjir{i}")).status_code == 200
    post_cloud(text_message("halo", message_id="wamid.lain", sender="6285200000001"))
    flood = InboundMessage.objects.filter(msisdn="6281234567890")
    assert flood.filter(outcome="answered").count() == 3
    assert flood.filter(outcome="limited", reply__isnull=True).count() == 3
    assert Notice.objects.filter(to="6281234567890").count() == 3
    # Another number is not held back by the flood.
    assert InboundMessage.objects.get(msisdn="6285200000001").outcome == "answered"


def test_malformed_json_is_a_400_and_nothing_written():
    assert post_cloud(None, raw=b'{"object": "whatsapp_business_account", "entry": [').status_code == 400
    assert post_cloud({"object": "whatsapp_business_account", "entry": "x"}).status_code == 400
    broken = text_message("DAFTAR")
    del broken["entry"][0]["changes"][0]["value"]["messages"][0]["id"]
    assert post_cloud(broken).status_code == 400
    assert nothing_written()


# The generic gateway


def test_the_gateway_takes_a_signed_message():
    response = post_gateway(fixture("gateway_message.json"))
    assert response.status_code == 200
    inbound = InboundMessage.objects.get()
    assert (inbound.source, inbound.message_id, inbound.msisdn) == (
        "gateway",
        "gw-20261201-0001",
        "6281234567890",
    )
    assert "/daftar/" in reply_body(inbound)
    assert post_gateway(fixture("gateway_message.json")).status_code == 200  # a retry
    assert InboundMessage.objects.count() == 1


def test_the_gateway_refuses_a_wrong_signature_and_a_malformed_body():
    assert post_gateway(fixture("gateway_message.json"), secret="salah").status_code == 403
    assert post_gateway(None, raw=b"not json").status_code == 400
    assert post_gateway({"text": "daftar"}).status_code == 400
    assert Client().get("/whatsapp/gateway/").status_code == 405
    assert nothing_written()


# What staff see


def test_admin_sees_the_exchanges_masked_and_only_of_its_area(applicant, personas):
    post_cloud(text_message("STATUS LD-ACDE-3467 05-03-1990", message_id="wamid.s"))
    post_cloud(text_message("NIK saya 1606014503900001", message_id="wamid.n"))
    post_cloud(text_message("DAFTAR", message_id="wamid.d", sender="6285200000001"))
    page = login(personas["admin"]).get("/notifikasi/whatsapp-masuk/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "6281•••••7890" in body and "6281234567890" not in body
    assert "[NIK disamarkan]" in body and "1606014503900001" not in body
    assert applicant.name in body and "DAFTAR" in body
    # Another kabupaten's admin sees the message about nobody, not the one about a Muba applicant.
    other = login(personas["admin_lain"]).get("/notifikasi/whatsapp-masuk/").content.decode()
    assert "DAFTAR" in other and "LD-ACDE-3467" not in other and applicant.name not in other
    assert login(personas["desa"]).get("/notifikasi/whatsapp-masuk/").status_code == 403


def test_admin_names_the_whatsapp_template_of_a_notice_kind(personas):
    from lindung.notices.models import NoticeTemplate

    template = NoticeTemplate.objects.get(key="application_received", channel=Channel.WHATSAPP)
    client = login(personas["admin"])
    url = f"/notifikasi/templat/{template.pk}/"
    bad = client.post(
        url, {"text": template.text, "provider_template": "Pengajuan Diterima!", "active": "on"}
    )
    assert "huruf kecil" in bad.content.decode()
    client.post(
        url, {"text": template.text, "provider_template": "lindung_pengajuan_diterima", "active": "on"}
    )
    template.refresh_from_db()
    assert template.provider_template == "lindung_pengajuan_diterima"


def test_a_button_reply_is_read_and_an_image_gets_the_help_text():
    button = text_message("", message_id="wamid.btn")
    message = button["entry"][0]["changes"][0]["value"]["messages"][0]
    message.update({"type": "button", "button": {"text": "DAFTAR", "payload": "DAFTAR"}})
    del message["text"]
    image = text_message("", message_id="wamid.img")
    picture = image["entry"][0]["changes"][0]["value"]["messages"][0]
    picture.update({"type": "image", "image": {"id": "1234", "mime_type": "image/jpeg"}})
    del picture["text"]
    assert post_cloud(button).status_code == post_cloud(image).status_code == 200
    assert InboundMessage.objects.get(message_id="wamid.btn").command == "DAFTAR"
    assert "BERHENTI" in reply_body(InboundMessage.objects.get(message_id="wamid.img"))
