"""Pull the submissions of Lindung's form from ODK Central and check them like an uploaded export.

The scheduled job `odk_central_pull` (LINDUNG_SCHEDULE_ODK_PULL; on when LINDUNG_ODK_CENTRAL_URL is set) signs in
with the configured account (POST /v1/sessions), downloads the form's submissions as Central's own CSV export
(GET /v1/projects/{project}/forms/{form}/submissions.csv, the root table that the "ODK Central export" layout
reads), signs out (DELETE /v1/sessions/{token}) and hands the file to the import as if the configured Lindung user
had uploaded it: the same checks, the same preview on /impor/, saved only when someone presses Simpan. Submissions
already registered are skipped by NIK, so each pull shows only what is new.

pyodk (ODK's Python client) was not used: its release for Python 3.11+ (1.3.0) pins pydantic<=2.14 and would
downgrade the pydantic under the API (django-ninja), and it reads credentials from a TOML file and writes a
session-token cache into the home directory, where Lindung keeps settings in the environment. The three calls
above are all this needs; they are made with the standard library.
"""

from __future__ import annotations

import contextlib
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _

from lindung.accounts.models import User
from lindung.imports import engine
from lindung.imports.models import ImportJob
from lindung.imports.services import import_job_create
from lindung.workers.models import Source


class CentralError(Exception):
    """The pull could not be made; the message says why in Indonesian (shown on /jadwal/)."""


@dataclass(frozen=True)
class CentralConfig:
    url: str
    project: str
    form: str
    user: str
    password: str
    import_as: str
    timeout: int = 60


def central_config() -> CentralConfig | None:
    if not settings.ODK_CENTRAL_URL:
        return None
    return CentralConfig(
        url=settings.ODK_CENTRAL_URL,
        project=settings.ODK_CENTRAL_PROJECT,
        form=settings.ODK_CENTRAL_FORM,
        user=settings.ODK_CENTRAL_USER,
        password=settings.ODK_CENTRAL_PASSWORD,
        import_as=settings.ODK_CENTRAL_IMPORT_AS,
        timeout=settings.ODK_CENTRAL_TIMEOUT_SECONDS,
    )


def _call(
    config: CentralConfig, method: str, path: str, *, token: str = "", body: dict | None = None
) -> bytes:
    headers = {"Accept": "application/json, text/csv"}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(config.url + path, data=data, headers=headers, method=method)  # noqa: S310 — http(s) checked in settings
    try:
        with urllib.request.urlopen(request, timeout=config.timeout) as response:  # noqa: S310
            return bytes(response.read())
    except urllib.error.HTTPError as exc:
        if exc.code == 401:
            raise CentralError(
                _("ODK Central menolak akun yang dikonfigurasi (HTTP 401): periksa nama dan sandinya.")
            ) from None
        if exc.code == 403:
            raise CentralError(
                _("Akun ODK Central ini tidak berhak membaca kiriman formulir itu (HTTP 403).")
            ) from None
        if exc.code == 404:
            raise CentralError(
                _("Proyek %(p)s atau formulir %(f)s tidak ditemukan di ODK Central (HTTP 404).")
                % {"p": config.project, "f": config.form}
            ) from None
        raise CentralError(_("ODK Central menjawab HTTP %(code)s.") % {"code": exc.code}) from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise CentralError(_("ODK Central tidak dapat dihubungi: %(e)s") % {"e": exc}) from None


def central_submissions_csv(config: CentralConfig) -> bytes:
    """The form's submissions as Central's CSV export (root table), fetched with a session that is ended after."""
    answer = _call(config, "POST", "/v1/sessions", body={"email": config.user, "password": config.password})
    try:
        token = str(json.loads(answer)["token"])
    except (ValueError, KeyError, TypeError):
        raise CentralError(_("Jawaban ODK Central atas masuk tidak berisi token sesi.")) from None
    form = urllib.parse.quote(config.form, safe="")
    try:
        return _call(
            config, "GET", f"/v1/projects/{config.project}/forms/{form}/submissions.csv", token=token
        )
    finally:
        # Signing out may fail without harm: the session expires on its own within a day.
        with contextlib.suppress(CentralError):
            _call(config, "DELETE", f"/v1/sessions/{urllib.parse.quote(token, safe='')}", token=token)


def central_pull(config: CentralConfig | None = None) -> str:
    """Download and check one export; returns the line the jobs page shows."""
    config = config or central_config()
    if config is None:
        return _("Tidak dijalankan: LINDUNG_ODK_CENTRAL_URL belum diatur.")
    user = User.objects.filter(username=config.import_as, is_active=True).first()
    if user is None:
        raise CentralError(
            _("Pengguna Lindung %(u)s (LINDUNG_ODK_CENTRAL_IMPORT_AS) tidak ada atau tidak aktif.")
            % {"u": config.import_as}
        )
    data = central_submissions_csv(config)
    name = f"odk-central-{config.form}-{timezone.localtime():%Y%m%d-%H%M}.csv"
    job = import_job_create(
        file=ContentFile(data, name=name), name=name, source=Source.IMPOR, by=user, start=False
    )
    job = engine.run_check(job.pk)
    if job.status != ImportJob.Status.CHECKED:
        return _("Impor #%(id)d dari ODK Central: %(status)s. %(error)s") % {
            "id": job.pk,
            "status": job.get_status_display(),
            "error": job.error_message,
        }
    return _(
        "Impor #%(id)d dari ODK Central: %(rows)d kiriman, %(valid)d baru menunggu Simpan di /impor/, "
        "%(registered)d sudah terdaftar, %(rejected)d ditolak peninjau."
    ) % {
        "id": job.pk,
        "rows": job.total,
        "valid": job.valid,
        "registered": job.already_registered,
        "rejected": job.review_rejected,
    }
