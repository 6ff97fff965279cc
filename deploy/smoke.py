"""The smoke test of a running Lindung, through its TLS proxy, as a person and an Admin Dinas would use it.

    deploy/up.sh smoke                 # after deploy/up.sh, with the same environment
    python deploy/smoke.py https://localhost:8443 --cacert var/run/tls/cert.pem [--http http://localhost:8080]
    python deploy/smoke.py https://localhost:8443 --cacert … --health      # /sehat/ only

Steps: /sehat/ answers 200; plain HTTP is sent to HTTPS (HSTS, CSP), static files are served and a missing page
shows no debug details; a person applies on the public form and gets a receipt;
an Admin Dinas made for the test (`manage.py create_admin`, so run it on the server with the server's
environment) signs in with its password, enrols two-factor authentication from the key the page shows and
answers with the code computed from it; the application is verified and approved in the queue; a batch is
made, sealed and exported, and the BPJS file downloaded holds the person's NIK; the file is recorded as sent and
the branch's answer uploaded (a CSV: accepted, with a KPJ number), reconciled and applied; the person's /status/
shows Terdaftar with that KPJ and the workers sent the "membership active" notice; the background workers have
emptied the queue; with --restore-check, `deploy/up.sh restore-check NIK` restores a new backup into a new
database that must hold the person as terdaftar; /sehat/ is still 200. The test admin is deactivated at the
end. It writes a test applicant and a batch: run it on a new installation or a copy, not on live data.
Only the standard library: it runs before anything else is trusted. Exit status 0 when every step passed.
"""

from __future__ import annotations

import argparse
import base64
import csv
import datetime as dt
import hashlib
import hmac
import http.client
import io
import json
import os
import random
import re
import secrets
import ssl
import struct
import subprocess
import sys
import time
import zipfile
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent


class Failed(Exception):
    pass


class Browser:
    """Cookies, CSRF-aware form posts, one connection per request; never follows redirects by itself."""

    def __init__(self, base: str, context: ssl.SSLContext | None) -> None:
        self.base = base.rstrip("/")
        parts = urlsplit(self.base)
        self.https = parts.scheme == "https"
        self.host, self.port = parts.hostname or "localhost", parts.port or (443 if self.https else 80)
        self.context = context
        self.cookies: dict[str, str] = {}
        self.last = ""

    def request(
        self,
        method: str,
        path: str,
        form: dict[str, object] | None = None,
        upload: tuple[str, bytes] | None = None,
    ):
        """A GET, or a POST of `form` (urlencoded, or multipart with `upload`: its content type and body)."""
        headers = {"User-Agent": "lindung-smoke", "Accept": "text/html"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body: str | bytes | None = None
        if upload is not None:
            content_type, body = upload
        elif form is not None:
            content_type, body = "application/x-www-form-urlencoded", urlencode(form, doseq=True)
        if body is not None:
            headers |= {
                "Content-Type": content_type,
                "Origin": self.base,
                "Referer": self.last or self.base + path,
            }
        if self.https:
            conn: http.client.HTTPConnection = http.client.HTTPSConnection(
                self.host, self.port, context=self.context, timeout=60
            )
        else:
            conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            content = response.read()
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        self.last = self.base + path
        return response, content

    def page(self, path: str, expect: int = 200) -> str:
        response, content = self.request("GET", path)
        if response.status != expect:
            raise Failed(f"GET {path}: HTTP {response.status}, expected {expect}")
        return content.decode("utf-8", "replace")

    def post(
        self,
        path: str,
        form: dict[str, object],
        page: str,
        answer: int = 302,
        file: tuple[str, bytes] | None = None,
    ) -> str:
        """Post a form of `page` (its CSRF token added), with `file` (name, content) as its field `file`;
        returns where it redirected to, or the page answered."""
        form = {"csrfmiddlewaretoken": find(r'name="csrfmiddlewaretoken" value="([^"]+)"', page), **form}
        response, content = self.request("POST", path, form, multipart(form, file) if file else None)
        if response.status == answer == 200 and b'class="error"' not in content:
            return content.decode("utf-8", "replace")
        if response.status != answer:
            errors = re.findall(r'class="error"[^>]*>([^<]+)<', content.decode("utf-8", "replace"))
            raise Failed(f"POST {path}: HTTP {response.status} {errors[:3]}")
        return response.headers.get("Location", "")


def find(pattern: str, text: str, what: str = "") -> str:
    found = re.search(pattern, text, re.S)
    if found is None:
        raise Failed(f"not on the page: {what or pattern}")
    return found.group(1)


def multipart(form: dict[str, object], file: tuple[str, bytes]) -> tuple[str, bytes]:
    """multipart/form-data with the fields of `form` and one file in the field `file`."""
    boundary = secrets.token_hex(16)
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in form.items()
    ]
    name, content = file
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    return f"multipart/form-data; boundary={boundary}", b"".join(parts) + f"--{boundary}--\r\n".encode()


def totp(secret_b32: str, at: float | None = None) -> str:
    """RFC 6238 with the authenticator apps' defaults (SHA-1, 30 s, 6 digits)."""
    key = base64.b32decode(secret_b32.replace(" ", "").upper() + "=" * (-len(secret_b32) % 8))
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def make_nik(kecamatan_digits: str, birth: dt.date, female: bool, serial: int) -> str:
    day = birth.day + (40 if female else 0)
    return f"{kecamatan_digits}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"


SYLLABLES = ["ra", "di", "sa", "ri", "wa", "ti", "ko", "mang", "su", "lis", "ton", "yan", "har", "no", "pur"]


def person_name(rng: random.Random) -> str:
    words = ["".join(rng.choice(SYLLABLES) for _ in range(3)).capitalize() for _ in range(2)]
    return " ".join(words)


def manage(*args: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(  # noqa: S603 — this checkout's manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode != 0:
        raise Failed(f"manage.py {args[0]}: {done.stderr.strip()[-500:]}")
    return done.stdout


class Smoke:
    def __init__(self, base: str, cacert: str | None, http_base: str | None, restore: bool = False) -> None:
        self.restore_check = restore
        self.context = ssl.create_default_context(cafile=cacert) if cacert else ssl.create_default_context()
        self.base, self.http_base = base, http_base
        self.rng = random.Random()
        self.timings: list[tuple[str, float]] = []

    def step(self, name: str, action) -> object:
        started = time.perf_counter()
        result = action()
        self.timings.append((name, time.perf_counter() - started))
        print(f"ok  {name} ({self.timings[-1][1]:.2f} s)", flush=True)
        return result

    def health(self, wait: float = 0) -> dict:
        deadline = time.monotonic() + wait
        while True:
            response, content = Browser(self.base, self.context).request("GET", "/sehat/")
            if response.status == 200 or time.monotonic() >= deadline:
                break
            time.sleep(1)
        body = json.loads(content)
        if response.status != 200:
            raise Failed(f"/sehat/ HTTP {response.status}: {json.dumps(body)}")
        return body

    def https_only(self) -> None:
        if not self.http_base:
            return
        response, _ = Browser(self.http_base, None).request("GET", "/daftar/")
        location = response.headers.get("Location", "")
        if response.status != 301 or not location.startswith("https://"):
            raise Failed(f"plain HTTP answered {response.status} {location!r}, expected a redirect to HTTPS")
        response, _ = Browser(self.base, self.context).request("GET", "/daftar/")
        if "max-age=" not in (response.headers.get("Strict-Transport-Security") or ""):
            raise Failed("no Strict-Transport-Security header over HTTPS")
        if "default-src 'self'" not in (response.headers.get("Content-Security-Policy") or ""):
            raise Failed("no Content-Security-Policy header")
        # Static files collected and served (WhiteNoise), and DEBUG off: a missing page is the plain 404.
        response, content = Browser(self.base, self.context).request("GET", "/static/lindung/lindung.css")
        if response.status != 200 or not (response.headers.get("Content-Type") or "").startswith("text/css"):
            raise Failed(f"/static/lindung/lindung.css: HTTP {response.status}")
        response, content = Browser(self.base, self.context).request("GET", "/tidak-ada-halaman-ini/")
        if response.status != 404 or b"URLconf" in content or b"Traceback" in content:
            raise Failed(f"a missing page answered {response.status} with debug details (DEBUG must be off)")

    def apply(self) -> dict[str, str]:
        browser = Browser(self.base, self.context)
        page = browser.page("/daftar/")
        desa = self.rng.choice(re.findall(r'<option value="(\d{2}\.\d{2}\.\d{2}\.\d{4})"', page))
        occupation = self.rng.choice(
            re.findall(r'<option value="(\d+)"', find(r'<select name="occupation"[^>]*>(.*?)</select>', page))
        )
        female = self.rng.random() < 0.5
        birth = dt.date(1970, 1, 1) + dt.timedelta(days=self.rng.randint(0, 12000))
        nik = make_nik(desa[:8].replace(".", ""), birth, female, self.rng.randint(5000, 9999))
        person = {
            "nik": nik,
            "name": person_name(self.rng),
            "birth_place": "Sekayu",
            "birth_date": birth.isoformat(),
            "sex": "P" if female else "L",
            "address": f"Dusun {self.rng.randint(1, 9)} RT {self.rng.randint(1, 20):02d}",
            "desa": desa,
            "phone": f"0812{self.rng.randint(10_000_000, 99_999_999)}",
            "occupation": occupation,
            "income": "1.500.000",
            "segment": "rentan",
            "agency": "",
            "kk": "",
            "is_asn": "tidak",
            "bpjs_active": "tidak",
            "consent": "on",
            "situs_web": "",
            "form_token": find(r'name="form_token" value="([^"]+)"', page, "form_token"),
        }
        answer = browser.post("/daftar/", person, page, answer=200)  # the receipt, on the answer itself
        receipt = find(r'id="receipt-no">([^<]+)<', answer, "the receipt number")
        print(f"    tanda terima {receipt.strip()} untuk {person['name']}")
        return person | {"receipt": receipt.strip()}

    def admin_login(self) -> Browser:
        username = f"uji-asap-{secrets.token_hex(4)}"
        password = secrets.token_urlsafe(18) + "-Aa1"
        manage("create_admin", env={"LINDUNG_ADMIN_USERNAME": username, "LINDUNG_ADMIN_PASSWORD": password})
        self.username = username
        browser = Browser(self.base, self.context)
        page = browser.page("/akun/masuk/")
        where = browser.post("/akun/masuk/", {"username": username, "password": password, "next": "/"}, page)
        # Every role that sees people's data must enrol a second factor before anything else.
        response, _ = browser.request("GET", "/pekerja/")
        if response.status != 302 or "/akun/2fa/" not in response.headers.get("Location", ""):
            raise Failed(f"after the password alone /pekerja/ answered {response.status}, not the 2FA step")
        page = browser.page("/akun/2fa/daftar/")
        secret = find(r'id="totp-secret">([A-Z2-7 ]+)<', page, "the TOTP key")
        where = browser.post("/akun/2fa/daftar/", {"token": totp(secret), "next": "/"}, page)
        if "/akun/" not in where:
            raise Failed(f"2FA enrolment went to {where!r}")
        browser.page("/pekerja/")  # now open
        return browser

    def approve(self, browser: Browser, person: dict[str, str]) -> None:
        for status, action in (("diajukan", "verify"), ("diverifikasi", "approve")):
            path = f"/verifikasi/?status={status}&desa={person['desa']}&kecamatan={person['desa'][:8]}"
            page = browser.page(path)
            pk = find(
                rf'name="pk" value="(\d+)" aria-label="[^"]*{re.escape(person["name"])}"',
                page,
                person["name"],
            )
            version = find(rf'name="v_{pk}" value="(\d+)"', page)
            answer = browser.post(
                "/verifikasi/proses/",
                {"action": action, "pk": pk, f"v_{pk}": version, "back": path.split("?", 1)[1]},
                page,
                answer=200,  # the page of outcomes, one row per worker
            )
            if "1 berhasil" not in answer:
                raise Failed(f"{action}: {find(r'<h1>.*?<p>([^<]+)</p>', answer)}")
        self.worker_pk = pk
        page = browser.page(f"/pekerja/{pk}/")
        if "Disetujui" not in page:
            raise Failed("the worker page does not show Disetujui after approval")

    def batch(self, browser: Browser, person: dict[str, str]) -> None:
        page = browser.page("/kepesertaan/batch/baru/")
        source = find(
            r'<select name="funding_source"[^>]*>.*?<option value="(\d+)"', page, "a funding source"
        )
        start = find(r'name="coverage_start" value="([^"]+)"', page, "coverage_start")
        choice = {"funding_source": source, "coverage_start": start, "desa": person["desa"]}
        page = browser.page(f"/kepesertaan/batch/baru/?{urlencode(choice)}")  # the preview: count and premium
        where = browser.post("/kepesertaan/batch/baru/", choice, page)
        number = find(r"/kepesertaan/batch/(\d+)/", where, "the new batch")
        detail = browser.page(f"/kepesertaan/batch/{number}/")
        browser.post(f"/kepesertaan/batch/{number}/kunci/", {}, detail)
        detail = browser.page(f"/kepesertaan/batch/{number}/")
        if "batch_export" not in detail and f"/kepesertaan/batch/{number}/ekspor/" not in detail:
            raise Failed("the sealed batch offers no export")
        browser.post(f"/kepesertaan/batch/{number}/ekspor/", {"layout": ""}, detail)
        response, content = browser.request("GET", f"/kepesertaan/batch/{number}/unduh/")
        if response.status != 200:
            raise Failed(f"the BPJS file: HTTP {response.status}")
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            text = "".join(
                book.read(n).decode("utf-8", "replace") for n in book.namelist() if n.endswith(".xml")
            )
        if person["nik"] not in text:
            raise Failed("the BPJS file does not hold the applicant's NIK")
        print(f"    batch {number}: berkas BPJS {len(content):,} byte dengan NIK pemohon")
        self.batch_number, self.coverage_start = number, dt.date.fromisoformat(start)

    def results(self, browser: Browser, person: dict[str, str]) -> None:
        """The branch's answer: the person accepted with a KPJ number, in a CSV as the upload page takes it."""
        number = self.batch_number
        detail = browser.page(f"/kepesertaan/batch/{number}/")
        browser.post(f"/kepesertaan/batch/{number}/kirim/", {"note": "uji asap"}, detail)
        self.kpj = f"{self.rng.randint(10**10, 10**11 - 1)}"
        rows = [
            ["NIK", "Nama", "KPJ", "Status", "Tanggal efektif"],
            [person["nik"], person["name"], self.kpj, "diterima", self.coverage_start.strftime("%d/%m/%Y")],
        ]
        text = io.StringIO()
        csv.writer(text).writerows(rows)
        detail = browser.page(f"/kepesertaan/batch/{number}/")
        where = browser.post(
            f"/kepesertaan/batch/{number}/hasil/",
            {},
            detail,
            file=("hasil-bpjs.csv", text.getvalue().encode()),
        )
        upload = find(r"/kepesertaan/hasil/(\d+)/", where, f"the result page (went to {where!r})")
        page = browser.page(f"/kepesertaan/hasil/{upload}/")
        accepted = find(r"Diterima \(akan menjadi peserta\)</dt><dd>(\d+)<", page, "the accepted count")
        blocking = 'id="blocking"' in page
        if accepted != "1" or blocking:
            raise Failed(f"the result file reconciled to {accepted} accepted (blocking: {blocking})")
        where = browser.post(f"/kepesertaan/hasil/{upload}/terapkan/", {}, page)
        answer = browser.page(where if where.startswith("/") else urlsplit(where).path)
        if "Hasil diterapkan: 1 diterima, 0 ditolak." not in answer:
            raise Failed("applying the result did not say 1 accepted")
        if "Terdaftar" not in browser.page(f"/pekerja/{self.worker_pk}/"):
            raise Failed("the worker page does not show Terdaftar after the result")
        print(f"    hasil BPJS {number}: diterima, KPJ {self.kpj}")

    def citizen_status(self, person: dict[str, str]) -> None:
        """What the person sees on /status/ with the receipt and birth date: registered, with the KPJ."""
        browser = Browser(self.base, self.context)
        page = browser.page("/status/")
        form = {"receipt_no": person["receipt"], "birth_date": person["birth_date"]}
        answer = browser.post("/status/", form, page, answer=200)
        status = find(r'class="badge rounded-pill status s-(\w+)"', answer, "the status on /status/")
        if status != "terdaftar" or self.kpj not in find(r'id="membership">(.*?)</dl>', answer, "the KPJ"):
            raise Failed(f"/status/ shows {status}, not terdaftar with KPJ {self.kpj}")

    def notice_sent(self, browser: Browser) -> None:
        """The workers sent the person's "membership active" notice (the log adapter unless one is configured)."""
        deadline = time.monotonic() + 120
        path = "/notifikasi/?template=membership_active&status=sent"
        while f'href="/pekerja/{self.worker_pk}/"' not in browser.page(path):
            if time.monotonic() > deadline:
                raise Failed("the membership_active notice was not sent within 120 s")
            time.sleep(1)

    def restore(self, person: dict[str, str]) -> None:
        """A backup now (the scheduled job's code), restored into a new database that is checked and dropped."""
        done = subprocess.run(  # noqa: S603 — this checkout's script, with this server's environment
            ["bash", str(ROOT / "deploy" / "up.sh"), "restore-check", person["nik"]],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if done.returncode != 0:
            raise Failed(f"deploy/up.sh restore-check: {(done.stdout + done.stderr).strip()[-800:]}")
        for line in done.stdout.strip().splitlines():
            print(f"    {line}")
        if ": terdaftar" not in done.stdout:  # the script itself fails when the NIK is missing
            raise Failed("the restored database does not hold the applicant as terdaftar")
        backup = self.health()["checks"]["backup"]
        if not (backup["ok"] and backup["last_backup_at"] and backup["last_run_ok"]):
            raise Failed(f"/sehat/ does not show the backup: {backup}")

    def background(self, before: str | None) -> dict:
        """The work queued by the steps above (the application's notice) was taken and finished."""
        deadline = time.monotonic() + 120
        while True:
            worker = self.health()["checks"]["worker"]
            finished = worker["last_job_finished_at"]
            if worker["queued"] == 0 and finished and (before is None or finished > before):
                return worker
            if time.monotonic() > deadline:
                raise Failed(f"the background workers did not empty the queue: {worker}")
            time.sleep(1)

    def retire_admin(self) -> None:
        manage(
            "shell",
            "--no-imports",
            "-c",
            "from lindung.accounts.models import User; "
            f"User.objects.filter(username={self.username!r}).update(is_active=False)",
        )

    def run(self) -> None:
        self.step("/sehat/ 200 lewat proxy", lambda: self.health(wait=60))
        self.step("HTTP ke HTTPS, HSTS, CSP, berkas statis, DEBUG mati", self.https_only)
        before = self.health()["checks"]["worker"]["last_job_finished_at"]
        person = self.step("permohonan di formulir publik", self.apply)
        browser = self.step("masuk Admin Dinas dengan kata sandi + TOTP", self.admin_login)
        self.step("verifikasi dan persetujuan", lambda: self.approve(browser, person))
        self.step("batch: buat, kunci, ekspor, unduh", lambda: self.batch(browser, person))
        self.step("hasil BPJS: kirim, unggah CSV, cocokkan, terapkan", lambda: self.results(browser, person))
        self.step("/status/ warga: terdaftar dengan KPJ", lambda: self.citizen_status(person))
        self.step("notifikasi kepesertaan aktif terkirim oleh pekerja", lambda: self.notice_sent(browser))
        self.step("pekerja latar belakang mengosongkan antrean", lambda: self.background(before))
        if self.restore_check:
            self.step("cadangan dipulihkan ke basis data baru, pemohon ada", lambda: self.restore(person))
        self.step("/sehat/ 200 di akhir", self.health)
        self.retire_admin()
        total = sum(seconds for _name, seconds in self.timings)
        print(f"UJI ASAP LULUS: {len(self.timings)} langkah, {total:.1f} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", help="https://host:port of the proxy")
    parser.add_argument("--cacert", help="the proxy's certificate (self-signed) or its CA")
    parser.add_argument("--http", help="http://host:port that must redirect to HTTPS")
    parser.add_argument("--health", action="store_true", help="only /sehat/: print it, exit 0 when 200")
    parser.add_argument(
        "--restore-check",
        action="store_true",
        help="last: a backup restored into a new database holds the applicant (deploy/up.sh restore-check)",
    )
    args = parser.parse_args()
    smoke = Smoke(args.base, args.cacert, args.http, restore=args.restore_check)
    try:
        if args.health:
            print(json.dumps(smoke.health()))
            return 0
        smoke.run()
    except (Failed, OSError, ValueError) as exc:
        print(f"GAGAL: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
