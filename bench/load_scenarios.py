"""The people of bench/load_bench.py and what measures them: a browser that keeps its own cookies, an applicant
sending the public form, a staff member browsing lists, the counters they share, and the CPU time of processes
read from /proc. Standard library only, no Django; every request goes to 127.0.0.1.
"""

from __future__ import annotations

import http.client
import os
import random
import re
import subprocess
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

REQUEST_TIMEOUT = 30


@dataclass
class Staff:
    username: str
    kecamatan: list[str]  # the kecamatan its lists are filtered by: its own, or any for the Dinas
    worker_ids: list[int]  # workers it may open


@dataclass
class Answer:
    status: int
    body: str
    location: str = ""


class Browser:
    """One person's browser: its own cookies, one connection per request, only ever to 127.0.0.1."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.referer = ""

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> Answer:
        origin = f"http://127.0.0.1:{self.port}"
        headers = {"User-Agent": "lindung-load-bench", "Accept": "text/html"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers.update(
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Origin": origin,
                    "Referer": self.referer,
                }
            )
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_TIMEOUT)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        self.referer = origin + path
        return Answer(response.status, text, response.headers.get("Location", ""))


@dataclass
class Results:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    samples: list[str] = field(default_factory=list)
    receipts: dict[str, str] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def timed(
        self, kind: str, browser: Browser, method: str, path: str, form: dict[str, str] | None = None
    ) -> Answer | None:
        started = time.perf_counter()
        try:
            answer = browser.request(method, path, form)
        except Exception as exc:
            self.error(kind, f"{method} {path}: {exc!r}")
            return None
        elapsed = (time.perf_counter() - started) * 1000
        with self.lock:
            self.times[kind].append(elapsed)
        if not 200 <= answer.status < 400:
            self.error(kind, f"{method} {path}: HTTP {answer.status}")
            return None
        return answer

    def error(self, kind: str, what: str) -> None:
        with self.lock:
            self.errors[kind] += 1
            if len(self.samples) < 10:
                self.samples.append(f"{kind}: {what}")


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FORM_TOKEN = re.compile(r'name="form_token" value="([^"]+)"')
OPTION = re.compile(r'<option value="([^"]+)"')
RECEIPT = re.compile(r'id="receipt-no">([^<]+)<')


def find(pattern: re.Pattern[str], text: str) -> str:
    found = pattern.search(text)
    if found is None:
        raise ValueError(f"{pattern.pattern!r} not on the page")
    return found.group(1)


def options(name: str, page: str) -> list[str]:
    return OPTION.findall(find(re.compile(f'<select name="{name}"[^>]*>(.*?)</select>', re.S), page))


def pause(rng: random.Random, deadline: float, seconds: float) -> bool:
    """Think for a while (uniform around `seconds`); False once the time limit is reached."""
    if seconds:
        time.sleep(rng.uniform(0.5 * seconds, 1.5 * seconds))
    return time.monotonic() < deadline


def applicant(
    port: int,
    people: list[dict[str, str]],
    results: Results,
    deadline: float,
    *,
    think: float,
    kabupaten: str,
) -> None:
    """Send each application: load the form, pause, post it with a desa of `kabupaten`, read the receipt."""
    rng = random.Random()
    browser = Browser(port)
    for person in people:
        if not pause(rng, deadline, think):
            return
        page = results.timed("form GET", browser, "GET", "/daftar/")
        if page is None:
            continue
        try:
            form = {
                **person,
                "csrfmiddlewaretoken": find(CSRF, page.body),
                "form_token": find(FORM_TOKEN, page.body),
                "desa": rng.choice([d for d in options("desa", page.body) if d.startswith(kabupaten + ".")]),
                "occupation": rng.choice(options("occupation", page.body)),
            }
        except ValueError as exc:
            results.error("form GET", str(exc))
            continue
        if not pause(rng, deadline, think):
            return
        answer = results.timed("form POST", browser, "POST", "/daftar/", form)
        if answer is None:
            continue
        try:
            receipt = find(RECEIPT, answer.body)
        except ValueError:
            results.error("form POST", f"no receipt for {person['nik']}: {answer.body[:300]!r}")
            continue
        with results.lock:
            results.receipts[person["nik"]] = receipt.replace("-", "")


def staff_pages(rng: random.Random, staff: Staff, count: int) -> list[str]:
    pages = []
    for _ in range(count):
        kec = rng.choice(staff.kecamatan)
        pages.append(
            rng.choice(
                [
                    "/",
                    "/pekerja/",
                    f"/pekerja/?page={rng.randint(2, 20)}",
                    f"/pekerja/?kecamatan={kec}",
                    f"/pekerja/?kecamatan={kec}&status=diajukan",
                    f"/pekerja/?status=terdaftar&page={rng.randint(1, 5)}",
                    f"/pekerja/?q={rng.choice(['siti', 'budi+lestari', 'nur', 'sari'])}",
                    f"/pekerja/{rng.choice(staff.worker_ids)}/",
                    "/verifikasi/",
                    f"/verifikasi/?kecamatan={kec}",
                ]
            )
        )
    return pages


def log_in(port: int, username: str, password: str, results: Results) -> Browser | None:
    browser = Browser(port)
    page = results.timed("login", browser, "GET", "/akun/masuk/")
    if page is None:
        return None
    form = {"csrfmiddlewaretoken": find(CSRF, page.body), "username": username, "password": password}
    answer = results.timed("login", browser, "POST", "/akun/masuk/", form)
    if answer is None or answer.status != 302 or "sessionid" not in browser.cookies:
        results.error("login", f"{username} was not signed in")
        return None
    return browser


def staff_member(
    browser: Browser, pages: list[str], results: Results, deadline: float, *, think: float
) -> None:
    rng = random.Random()
    for path in pages:
        if not pause(rng, deadline, think):
            return
        answer = results.timed("staff page", browser, "GET", path)
        if answer is not None and answer.status != 200:
            # A redirect here means the session was lost (idle logout, 2FA): a failure for staff.
            results.error("staff page", f"GET {path}: HTTP {answer.status} to {answer.location}")


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU of these processes so far (Linux /proc), in seconds."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def machine_busy_seconds() -> float:
    ticks = [int(v) for v in Path("/proc/stat").read_text().split()[1:9]]
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")  # all but idle and iowait


def server_pids(server: subprocess.Popen[bytes]) -> list[int]:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    return [server.pid, *map(int, children)]


def run_threads(targets: list[threading.Thread], deadline: float) -> None:
    for thread in targets:
        thread.start()
    for thread in targets:
        thread.join(max(0.0, deadline - time.monotonic()) + REQUEST_TIMEOUT + 5)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]
