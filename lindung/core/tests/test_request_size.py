"""Request bodies are capped before they are read: only the upload pages take a file, and only from their roles."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client

from lindung.conftest import login

pytestmark = pytest.mark.django_db
HUGE = 300 * 1024 * 1024


class Untouchable(io.RawIOBase):
    """A request body that records whether anyone read it."""

    def __init__(self) -> None:
        self.read_bytes = 0

    def read(self, size: int = -1) -> bytes:
        self.read_bytes += 1 if size else 0
        return b"x" * (size if 0 < size < 65536 else 65536)

    def readline(self, size: int = -1) -> bytes:  # type: ignore[override]
        return self.read(size)


def post_declared(client: Client, path: str, size: int) -> tuple[Any, Untouchable]:
    body = Untouchable()
    environ: dict[str, Any] = {
        "CONTENT_TYPE": "multipart/form-data; boundary=xyz",
        "CONTENT_LENGTH": str(size),
        "wsgi.input": body,
    }
    response = client.generic("POST", path, **environ)
    return response, body


def test_an_anonymous_large_post_is_refused_before_its_body_is_read(db: Any) -> None:
    for path in ("/impor/unggah/", "/akun/masuk/", "/daftar/", "/tidak-ada/"):
        response, body = post_declared(Client(), path, HUGE)
        assert response.status_code == 413, path
        assert body.read_bytes == 0, path
        assert "Permintaan terlalu besar" in response.content.decode()


def test_the_api_answers_413_in_its_error_format(db: Any) -> None:
    response, body = post_declared(Client(HTTP_AUTHORIZATION="Bearer x"), "/api/workers", HUGE)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"
    assert body.read_bytes == 0


def test_a_signed_in_user_without_the_upload_role_is_refused(personas: Any) -> None:
    response, body = post_declared(login(personas["pimpinan"]), "/impor/unggah/", 10 * 1024 * 1024)
    assert response.status_code == 413 and body.read_bytes == 0
    response, body = post_declared(login(personas["pimpinan"]), "/iuran/tagihan-bpjs/", 10 * 1024 * 1024)
    assert response.status_code == 413 and body.read_bytes == 0


def test_other_pages_take_no_large_body_even_from_the_admin(personas: Any) -> None:
    response, body = post_declared(login(personas["desa"]), "/pekerja/baru/", 10 * 1024 * 1024)
    assert response.status_code == 413 and body.read_bytes == 0


def test_the_upload_pages_take_a_file_up_to_the_import_limit_from_their_roles(
    personas: Any, settings: Any
) -> None:
    settings.IMPORT_MAX_BYTES = 50 * 1024 * 1024
    for user, path in (("desa", "/impor/unggah/"), ("bpjs", "/iuran/tagihan-bpjs/")):
        response, body = post_declared(login(personas[user]), path, 10 * 1024 * 1024)
        assert response.status_code != 413, (user, path)
    # Past the import limit the upload page refuses too, unread.
    response, body = post_declared(login(personas["desa"]), "/impor/unggah/", 60 * 1024 * 1024)
    assert response.status_code == 413 and body.read_bytes == 0


def test_a_real_upload_below_the_small_cap_still_works(personas: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    content = io.BytesIO(b"NIK,Nama\n")
    content.name = "kecil.csv"
    response = login(personas["desa"]).post("/impor/unggah/", {"file": content, "source": "impor"})
    assert response.status_code in (200, 302, 400)
