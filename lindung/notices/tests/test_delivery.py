"""Delivery through real adapters: a loopback HTTP gateway, retries with backoff, dead after the last attempt."""

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from lindung.conftest import DESA_A, login, make_worker
from lindung.notices.models import Notice
from lindung.notices.services import notice_enqueue, notice_send, retry_delay
from lindung.workers.models import Source, Status
from lindung.workers.workflow import worker_transition


class Gateway:
    """An HTTP server on 127.0.0.1 that answers 503 for the first `failures` requests, then 200."""

    def __init__(self, failures: int):
        self.failures = failures
        self.requests: list[dict[str, Any]] = []
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                gateway.requests.append({"auth": self.headers.get("Authorization"), "body": body})
                failing = len(gateway.requests) <= gateway.failures
                self.send_response(503 if failing else 200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"error": "busy"}' if failing else b'{"messages": [{"id": "wamid.1"}]}')

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1/messages"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "Gateway":
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def http_whatsapp(settings):
    def use(gateway: Gateway) -> None:
        settings.NOTICE_ADAPTERS = {"whatsapp": "http", "sms": "http", "email": "log"}
        settings.WHATSAPP_GATEWAY_URL = gateway.url
        settings.WHATSAPP_GATEWAY_TOKEN = "rahasia-gateway"

    return use


def pending_notice(**fields) -> Notice:
    worker = make_worker(DESA_A, source=Source.MANDIRI, receipt_no="LD-ACDE3467", **fields)
    [notice] = notice_enqueue(worker=worker, template_key="application_approved", payload={})
    return notice


def test_the_log_adapter_writes_one_json_line(personas, settings):
    notice = pending_notice()
    notice_send(notice_id=notice.pk)
    notice.refresh_from_db()
    assert (notice.status, notice.attempts) == (Notice.Status.SENT, 1)
    [line] = settings.NOTICE_LOG_FILE.read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert record["to"] == "6281234567890" and record["template"] == "application_approved"
    assert record["body"].startswith("Halo Siti Aminah, pengajuan Anda (nomor LD-ACDE-3467) disetujui Dinas.")


def test_a_gateway_that_fails_twice_then_succeeds(personas, settings, http_whatsapp):
    settings.NOTICE_RETRY_BASE_SECONDS = 60
    with Gateway(failures=2) as gateway:
        http_whatsapp(gateway)
        notice = pending_notice()
        start = timezone.now()
        first = notice_send(notice_id=notice.pk, now=start)
        assert first is not None
        assert (first.status, first.attempts) == (Notice.Status.FAILED, 1)
        assert "HTTP 503" in first.last_error
        assert first.next_attempt_at == start + dt.timedelta(seconds=60)
        assert notice_send(notice_id=notice.pk, now=start) is None  # not due yet
        second = notice_send(notice_id=notice.pk, now=start + dt.timedelta(seconds=61))
        assert second is not None
        assert second.next_attempt_at == start + dt.timedelta(seconds=61 + 120)  # backoff doubles
        third = notice_send(notice_id=notice.pk, now=start + dt.timedelta(seconds=200))
        assert third is not None
    notice.refresh_from_db()
    assert (notice.status, notice.attempts, notice.last_error) == (Notice.Status.SENT, 3, "")
    assert third.sent_at is not None
    assert len(gateway.requests) == 3
    request = gateway.requests[-1]
    assert request["auth"] == "Bearer rahasia-gateway"
    assert request["body"]["messaging_product"] == "whatsapp" and request["body"]["to"] == "6281234567890"
    assert request["body"]["text"]["body"] == notice.body


def test_a_gateway_that_always_fails_ends_dead_and_the_pages_still_work(personas, settings, http_whatsapp):
    settings.NOTICE_MAX_ATTEMPTS = 3
    settings.NOTICE_RETRY_BASE_SECONDS = 0
    with Gateway(failures=1000) as gateway:
        http_whatsapp(gateway)
        worker = make_worker(DESA_A, source=Source.MANDIRI, receipt_no="LD-ACDE3467")
        # The transition page: the status changes even though the gateway is down.
        response = login(personas["desa"]).post(
            f"/pekerja/{worker.pk}/status/",
            {"to": Status.DITOLAK, "version": worker.version, "reason": "usia", "note": ""},
        )
        assert response.status_code in (200, 302)
        worker.refresh_from_db()
        assert worker.status == Status.DITOLAK
        for _ in range(5):
            call_command("send_notices")
    notice = Notice.objects.get(worker=worker)
    assert (notice.status, notice.attempts) == (Notice.Status.DEAD, 3)
    assert len(gateway.requests) == 3
    page = login(personas["admin"]).get("/notifikasi/")
    assert page.status_code == 200
    assert "Gagal permanen" in page.content.decode()


def test_an_unreachable_gateway_is_a_failure_not_a_crash(personas, settings, http_whatsapp):
    with Gateway(failures=0) as gateway:
        url = gateway.url
    settings.NOTICE_ADAPTERS = {"whatsapp": "http", "sms": "http", "email": "log"}
    settings.WHATSAPP_GATEWAY_URL = url  # the server is closed now
    notice = notice_send(notice_id=pending_notice().pk)
    assert notice is not None
    assert notice.status == Notice.Status.FAILED and "unreachable" in notice.last_error


def test_retry_delay_doubles(settings):
    settings.NOTICE_RETRY_BASE_SECONDS = 60
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]


def test_the_real_worker_sends_with_retries(
    personas, settings, http_whatsapp, django_capture_on_commit_callbacks, monkeypatch
):
    """Enqueue on commit → the database task backend → `db_worker --batch` retries until the gateway accepts."""
    # The worker closes "obsolete" connections between tasks; inside the test's transaction that would close
    # the test's own connection on PostgreSQL. Outside tests the worker runs in autocommit and this is moot.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.NOTICE_RETRY_BASE_SECONDS = 0
    from django_tasks_db.models import DBTaskResult

    with Gateway(failures=2) as gateway:
        http_whatsapp(gateway)
        worker = make_worker(
            DESA_A, source=Source.MANDIRI, receipt_no="LD-ACDE3467", status=Status.DIVERIFIKASI
        )
        with django_capture_on_commit_callbacks(execute=True):
            worker_transition(worker=worker, to=Status.DISETUJUI, by=personas["admin"])
        notice = Notice.objects.get(worker=worker)
        assert notice.status == Notice.Status.PENDING  # queued, not yet sent
        assert DBTaskResult.objects.count() == 1
        call_command("db_worker", "--batch", "--no-startup-delay")
    notice.refresh_from_db()
    assert (notice.status, notice.attempts) == (Notice.Status.SENT, 3)
    assert len(gateway.requests) == 3
    assert DBTaskResult.objects.count() == 3  # the first send and two deferred retries


@pytest.mark.django_db
def test_the_same_event_twice_makes_one_notice_and_an_untried_one_is_updated():
    notice = pending_notice()
    worker = notice.worker
    assert worker is not None
    assert notice_enqueue(worker=worker, template_key="application_approved", payload={}) == []  # same text
    worker.name = "Siti Aminah Lestari"
    [updated] = notice_enqueue(worker=worker, template_key="application_approved", payload={})
    assert updated.pk == notice.pk and "Siti Aminah Lestari" in Notice.objects.get(pk=notice.pk).body
    Notice.objects.filter(pk=notice.pk).update(attempts=1)  # tried already: a changed text is a new notice
    worker.name = "Siti Lestari"
    [fresh] = notice_enqueue(worker=worker, template_key="application_approved", payload={})
    assert fresh.pk != notice.pk and Notice.objects.filter(worker=worker).count() == 2
