"""One error shape for every API failure: {"error": {"code", "message", "fields"}}, messages in Indonesian."""

from __future__ import annotations

import logging
import math
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

log = logging.getLogger(__name__)


class ErrorBody(Schema):
    code: str
    message: str
    fields: dict[str, list[str]]


class ErrorOut(Schema):
    error: ErrorBody


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, fields: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.fields = status, code, message, fields or {}


def error_body(code: str, message: str, fields: dict[str, list[str]] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def error_response(
    status: int, code: str, message: str, fields: dict[str, list[str]] | None = None
) -> HttpResponse:
    return JsonResponse(error_body(code, message, fields), status=status)


def not_found_message() -> str:
    return _("Data tidak ditemukan.")


def _field_message(error: dict[str, Any]) -> str:
    kind = str(error.get("type", ""))
    if kind == "missing":
        return _("Wajib diisi.")
    if kind in {"greater_than_equal", "less_than_equal", "greater_than", "less_than"}:
        return _("Nilai di luar batas yang diizinkan.")
    if kind.startswith("date"):
        return _("Tanggal harus berformat TTTT-BB-HH, misalnya 1990-03-05.")
    if kind.startswith("int"):
        return _("Harus berupa bilangan bulat.")
    if kind.startswith("bool"):
        return _("Harus 0 atau 1.")
    return _("Isian tidak sesuai format.")


def _field_name(error: dict[str, Any]) -> str:
    loc = [str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path", "payload")]
    return loc[-1] if loc else "non_field"


def install_handlers(api: NinjaAPI) -> None:
    def api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return error_response(exc.status, exc.code, exc.message, exc.fields)

    def not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return error_response(404, "not_found", not_found_message())

    def denied(request: HttpRequest, exc: Exception) -> HttpResponse:
        return error_response(403, "forbidden", _("Peran token ini tidak berwenang untuk tindakan ini."))

    def unauthenticated(request: HttpRequest, exc: Exception) -> HttpResponse:
        message = _(
            "Token API tidak ada, salah, atau sudah dicabut. Kirim header Authorization: Bearer <token>."
        )
        response = error_response(401, "unauthorized", message)
        response["WWW-Authenticate"] = "Bearer"
        return response

    def throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        wait = max(1, math.ceil(exc.wait or 1))
        message = _("Terlalu banyak permintaan dari token ini. Coba lagi dalam %(n)s detik.") % {"n": wait}
        response = error_response(429, "rate_limited", message)
        response["Retry-After"] = str(wait)
        return response

    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        fields: dict[str, list[str]] = {}
        for error in exc.errors:
            fields.setdefault(_field_name(error), []).append(_field_message(error))
        return error_response(
            422, "invalid", _("Data yang dikirim tidak valid; periksa isian yang ditandai."), fields
        )

    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400:
            return error_response(400, "bad_request", _("Isi permintaan bukan JSON yang valid."))
        if exc.status_code == 405:
            return error_response(
                405, "method_not_allowed", _("Metode HTTP ini tidak didukung di alamat ini.")
            )
        return error_response(exc.status_code, "http_error", _("Permintaan tidak dapat diproses."))

    def crashed(request: HttpRequest, exc: Exception) -> HttpResponse:
        log.exception("API error on %s", request.path)
        return error_response(500, "server_error", _("Terjadi kesalahan di server. Coba lagi nanti."))

    handlers: dict[type[Exception], Any] = {
        Exception: crashed,
        HttpError: http_error,
        ApiError: api_error,
        Http404: not_found,
        PermissionDenied: denied,
        AuthenticationError: unauthenticated,
        Throttled: throttled,
        ValidationError: invalid,
    }
    for exc_class, handler in handlers.items():
        api.add_exception_handler(exc_class, handler)
