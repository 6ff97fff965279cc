"""WhatsApp out as the Cloud API takes it, against a local stand-in that checks the documented request shape;
error codes as retry / give up / switch to SMS; delivery reports from the webhook's status callbacks."""

import datetime as dt
import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.utils import timezone

from lindung.conftest import DESA_A, login, make_worker
from lindung.notices.cloud import placeholders_in_order
from lindung.notices.models import Channel, Delivery, Notice, NoticeTemplate, TemplateKey, WhatsAppContact
from lindung.notices.services import notice_enqueue, notice_send
from lindung.workers.models import Source

from .whatsapp_helpers import APP_SECRET, fixture, post_cloud

pytestmark = pytest.mark.django_db


def send(pk: int, **kwargs: Any) -> Notice:
    """One delivery attempt of a notice that is due."""
    notice = notice_send(notice_id=pk, **kwargs)
    assert notice is not None
    return notice


PHONE_NUMBER_ID = "106540352242922"
TOKEN = "EAAG-token-uji"
WAMID = fixture("cloud_send_ok.json")["messages"][0]["id"]


class GraphStandIn:
    """127.0.0.1 speaking the Cloud API's /{phone-number-id}/messages: it checks each request's shape and
    answers from a queue of (HTTP status, JSON body); the documented success answer when the queue is empty."""

    def __init__(self, answers: list[tuple[int, Any]] | None = None):
        self.answers = list(answers or [])
        self.requests: list[dict[str, Any]] = []
        self.problems: list[str] = []
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                stand_in.requests.append(body)
                stand_in.check(self.path, self.headers, body)
                status, answer = (
                    stand_in.answers.pop(0) if stand_in.answers else (200, fixture("cloud_send_ok.json"))
                )
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(json.dumps(answer).encode())

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v23.0"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def check(self, path: str, headers: Any, body: dict[str, Any]) -> None:
        def need(ok: bool, what: str) -> None:
            if not ok:
                self.problems.append(what)

        need(path == f"/v23.0/{PHONE_NUMBER_ID}/messages", f"path {path}")
        need(headers.get("Authorization") == f"Bearer {TOKEN}", "bearer token")
        need(headers.get("Content-Type") == "application/json", "content type")
        need(body.get("messaging_product") == "whatsapp", "messaging_product")
        need(str(body.get("to", "")).isdigit(), "to")
        if body.get("type") == "template":
            template = body["template"]
            need(bool(template.get("name")), "template name")
            need(template.get("language") == {"code": "id"}, "language")
            for component in template.get("components", []):
                need(component.get("type") == "body", "component type")
                for parameter in component["parameters"]:
                    text = parameter.get("text", "")
                    need(
                        parameter.get("type") == "text" and text and "\n" not in text,
                        f"parameter {parameter}",
                    )
        else:
            need(body.get("type") == "text" and bool(body.get("text", {}).get("body")), "text body")

    def __enter__(self) -> "GraphStandIn":
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def cloud(settings):
    def use(stand_in: GraphStandIn, templates: dict[str, str] | None = None) -> None:
        settings.NOTICE_ADAPTERS = {"whatsapp": "cloud", "sms": "log", "email": "log"}
        settings.WHATSAPP_CLOUD_URL = stand_in.url
        settings.WHATSAPP_PHONE_NUMBER_ID = PHONE_NUMBER_ID
        settings.WHATSAPP_ACCESS_TOKEN = TOKEN
        settings.WHATSAPP_TEMPLATES = templates if templates is not None else {}

    return use


def approved_notice() -> Notice:
    worker = make_worker(DESA_A, source=Source.MANDIRI, receipt_no="LD-ACDE3467")
    [notice] = notice_enqueue(
        worker=worker, template_key="application_returned", payload={"reason": "KK buram"}
    )
    return notice


def error(code: int, message: str = "error") -> dict[str, Any]:
    return {"error": {"message": f"(#{code}) {message}", "type": "OAuthException", "code": code,
                      "error_data": {"messaging_product": "whatsapp", "details": message}, "fbtrace_id": "Ax1"}}  # fmt: skip


def test_a_notice_goes_out_as_its_template_with_the_body_parameters(cloud):
    with GraphStandIn() as graph:
        cloud(graph, {"application_returned": "lindung_pengajuan_dikembalikan"})
        notice = send(approved_notice().pk)
    assert graph.problems == []
    [request] = graph.requests
    assert request["type"] == "template" and request["to"] == "6281234567890"
    template = request["template"]
    assert template["name"] == "lindung_pengajuan_dikembalikan"
    text = NoticeTemplate.objects.get(key="application_returned", channel=Channel.WHATSAPP).text
    names = placeholders_in_order(text)
    assert names[:2] == ["name", "receipt_no"]
    [body] = template["components"]
    values = [p["text"] for p in body["parameters"]]
    assert len(values) == len(names)
    assert values[names.index("name")] == "Siti Aminah"
    assert values[names.index("receipt_no")] == "LD-ACDE-3467"
    assert values[names.index("reason")] == "KK buram"
    assert (notice.status, notice.provider_id) == (Notice.Status.SENT, WAMID)


def test_the_template_name_may_come_from_the_template_row(cloud):
    NoticeTemplate.objects.filter(key="application_returned", channel=Channel.WHATSAPP).update(
        provider_template="muba_dikembalikan_v2"
    )
    with GraphStandIn() as graph:
        cloud(graph)
        send(approved_notice().pk)
    assert graph.requests[0]["template"]["name"] == "muba_dikembalikan_v2"


def test_without_a_template_and_outside_the_window_the_notice_goes_by_sms(
    cloud, django_capture_on_commit_callbacks
):
    with GraphStandIn() as graph, django_capture_on_commit_callbacks(execute=True):
        cloud(graph)
        notice = send(approved_notice().pk)
    assert graph.requests == []
    assert notice.status == Notice.Status.SKIPPED and "Dialihkan ke SMS" in notice.last_error
    sms = Notice.objects.get(channel=Channel.SMS)
    assert (sms.to, sms.template, sms.status) == ("6281234567890", "application_returned", Notice.Status.SENT)
    assert "KK buram" in sms.body


def test_without_a_template_inside_the_window_the_notice_goes_as_free_text(cloud):
    WhatsAppContact.objects.create(
        msisdn="6281234567890", last_inbound_at=timezone.now() - dt.timedelta(hours=2)
    )
    with GraphStandIn() as graph:
        cloud(graph)
        notice = send(approved_notice().pk)
    assert graph.problems == []
    assert graph.requests[0]["type"] == "text" and graph.requests[0]["text"]["body"] == notice.body
    assert notice.status == Notice.Status.SENT


def test_a_reply_after_the_window_is_not_sent(cloud):
    WhatsAppContact.objects.create(
        msisdn="6281234567890", last_inbound_at=timezone.now() - dt.timedelta(hours=25)
    )
    reply = Notice.objects.create(
        channel=Channel.WHATSAPP, to="6281234567890", template=TemplateKey.REPLY, body="Status: Diajukan",
        next_attempt_at=timezone.now(),
    )  # fmt: skip
    with GraphStandIn() as graph:
        cloud(graph)
        notice = send(reply.pk)
    assert graph.requests == []
    assert notice.status == Notice.Status.DEAD and "24 jam" in notice.last_error
    assert not Notice.objects.filter(channel=Channel.SMS).exists()


@pytest.mark.parametrize("code", [130429, 131056, 80007])
def test_a_rate_limit_is_tried_again_later(cloud, code):
    with GraphStandIn([(429 if code == 130429 else 400, error(code, "Rate limit hit"))]) as graph:
        cloud(graph, {"application_returned": "lindung_pengajuan_dikembalikan"})
        notice = send(approved_notice().pk)
        assert notice.status == Notice.Status.FAILED and str(code) in notice.last_error
        assert notice.next_attempt_at is not None and notice.next_attempt_at > timezone.now()
        again = send(notice.pk, now=notice.next_attempt_at)
    assert again.status == Notice.Status.SENT and len(graph.requests) == 2


def test_re_engagement_required_switches_to_sms(cloud, django_capture_on_commit_callbacks):
    with (
        GraphStandIn([(400, fixture("cloud_error.json"))]) as graph,
        django_capture_on_commit_callbacks(execute=True),
    ):
        cloud(graph, {"application_returned": "lindung_pengajuan_dikembalikan"})
        notice = send(approved_notice().pk)
    assert notice.status == Notice.Status.SKIPPED and "131047" in notice.last_error
    assert Notice.objects.filter(channel=Channel.SMS, status=Notice.Status.SENT).count() == 1


def test_an_undeliverable_number_is_given_up_at_once(cloud):
    with GraphStandIn([(400, error(131026, "Message undeliverable"))]) as graph:
        cloud(graph, {"application_returned": "lindung_pengajuan_dikembalikan"})
        notice = send(approved_notice().pk)
    assert (notice.status, notice.attempts) == (Notice.Status.DEAD, 1)
    assert "131026" in notice.last_error and len(graph.requests) == 1
    assert not Notice.objects.filter(channel=Channel.SMS).exists()


def test_a_refused_token_is_retried_and_logged_as_an_error(cloud, caplog):
    with GraphStandIn([(401, error(190, "Error validating access token"))]) as graph:
        cloud(graph, {"application_returned": "lindung_pengajuan_dikembalikan"})
        with caplog.at_level(logging.ERROR, logger="lindung.notices.cloud"):
            notice = send(approved_notice().pk)
    assert notice.status == Notice.Status.FAILED and "190" in notice.last_error
    assert any("access token" in r.getMessage() for r in caplog.records if r.levelno == logging.ERROR)


def test_a_server_error_without_json_is_retried(cloud):
    with GraphStandIn([(503, {"unexpected": True})]) as graph:
        cloud(graph, {"application_returned": "lindung_pengajuan_dikembalikan"})
        notice = send(approved_notice().pk)
    assert notice.status == Notice.Status.FAILED and "HTTP 503" in notice.last_error


def test_an_opted_out_number_gets_no_request(cloud):
    WhatsAppContact.objects.create(msisdn="6281234567890", opted_out_at=timezone.now())
    with GraphStandIn() as graph:
        cloud(graph, {"application_returned": "lindung_pengajuan_dikembalikan"})
        notice = send(approved_notice().pk)
    assert graph.requests == [] and notice.status == Notice.Status.SKIPPED


# Delivery reports from the webhook's status callbacks


@pytest.fixture
def sent_notice(settings):
    settings.WHATSAPP_APP_SECRET = APP_SECRET
    notice = approved_notice()
    Notice.objects.filter(pk=notice.pk).update(
        status=Notice.Status.SENT, provider_id=WAMID, sent_at=timezone.now()
    )
    return notice


def test_sent_delivered_read_are_recorded_with_their_times(sent_notice, personas):
    for name in ("cloud_status_sent.json", "cloud_status_delivered.json", "cloud_status_read.json"):
        assert post_cloud(fixture(name)).status_code == 200
    sent_notice.refresh_from_db()
    assert sent_notice.delivery == Delivery.READ
    assert sent_notice.delivered_at == dt.datetime.fromtimestamp(1796601720, tz=dt.UTC)
    assert sent_notice.read_at == dt.datetime.fromtimestamp(1796605200, tz=dt.UTC)
    page = login(personas["admin"]).get("/notifikasi/").content.decode()
    assert "dibaca" in page


def test_a_late_report_never_moves_the_state_back(sent_notice):
    post_cloud(fixture("cloud_status_read.json"))
    post_cloud(fixture("cloud_status_delivered.json"))
    sent_notice.refresh_from_db()
    assert sent_notice.delivery == Delivery.READ
    # Read implies delivered: the read time stands for both when no delivered report came first.
    assert sent_notice.delivered_at == sent_notice.read_at


def test_a_failed_report_marks_the_notice_dead_and_re_engagement_sends_an_sms(sent_notice):
    assert post_cloud(fixture("cloud_status_failed.json")).status_code == 200
    sent_notice.refresh_from_db()
    assert (sent_notice.delivery, sent_notice.status) == (Delivery.FAILED, Notice.Status.DEAD)
    assert sent_notice.failed_at is not None and "131047" in sent_notice.last_error
    assert Notice.objects.filter(channel=Channel.SMS, payload__switched_from=sent_notice.pk).count() == 1
    post_cloud(fixture("cloud_status_failed.json"))  # the same report again: still one SMS
    assert Notice.objects.filter(channel=Channel.SMS).count() == 1


def test_a_report_for_an_unknown_message_changes_nothing(sent_notice):
    Notice.objects.filter(pk=sent_notice.pk).update(provider_id="wamid.lain")
    assert post_cloud(fixture("cloud_status_delivered.json")).status_code == 200
    sent_notice.refresh_from_db()
    assert sent_notice.delivery == "" and sent_notice.delivered_at is None


def test_the_status_conversation_end_to_end_through_the_cloud_api(
    cloud, settings, django_capture_on_commit_callbacks
):
    """A person writes STATUS to the webhook; the answer goes back through the Cloud API as free text."""
    settings.WHATSAPP_APP_SECRET = APP_SECRET
    make_worker(DESA_A, source=Source.MANDIRI, receipt_no="LD-ACDE3467", birth_date=dt.date(1990, 3, 5))
    with GraphStandIn() as graph, django_capture_on_commit_callbacks(execute=True):
        cloud(graph)
        assert post_cloud(fixture("cloud_message_text.json")).status_code == 200
    assert graph.problems == []
    [request] = graph.requests
    assert request["type"] == "text" and request["to"] == "6281234567890"
    assert "LD-ACDE-3467" in request["text"]["body"] and "Diajukan" in request["text"]["body"]
    reply = Notice.objects.get(template=TemplateKey.REPLY)
    assert (reply.status, reply.provider_id) == (Notice.Status.SENT, WAMID)
