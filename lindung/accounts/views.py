from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lindung.audit.services import audit_log

from . import twofactor
from .forms import LoginForm, TokenForm
from .models import User

BACKUP_CODES_SESSION = "lindung_new_backup_codes"


class LoginView(auth_views.LoginView):
    form_class = LoginForm

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "limit": settings.LOGIN_FAILURE_LIMIT}

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        audit_log(actor=form.get_user(), action="account.login", obj=form.get_user(), request=self.request)
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("account")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        user: Any = self.request.user
        if user.must_change_password:
            User.objects.filter(pk=user.pk).update(must_change_password=False)
        audit_log(actor=user, action="account.password_change", obj=user, request=self.request)
        messages.success(self.request, _("Kata sandi sudah diganti. Sesi di perangkat lain telah berakhir."))
        return response


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("home")


def _wrong_code(user: Any, message: str) -> str:
    if twofactor.throttled(user):
        return message + " " + _("Setelah beberapa kode salah, tunggu sebentar (makin lama tiap kali salah).")
    return message


@login_required
def account(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    context = {
        "has_device": twofactor.has_device(user),
        "requires_2fa": user.requires_2fa,
        "backup_left": twofactor.backup_codes_left(user),
        "new_codes": request.session.pop(BACKUP_CODES_SESSION, None),
    }
    return render(request, "accounts/account.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def twofactor_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: scan the QR code, type the first code."""
    user: Any = request.user
    if not user.requires_2fa:
        messages.info(request, _("Verifikasi dua langkah tidak diwajibkan untuk peran Anda."))
        return redirect("account")
    if twofactor.has_device(user) and not user.is_verified():
        return redirect("twofactor_verify")  # replacing a device needs the current one first
    device = twofactor.pending_totp(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = twofactor.totp_confirm(user=user, token=form.cleaned_data["token"], request=request)
        if codes is not None:
            request.session[BACKUP_CODES_SESSION] = codes
            messages.success(request, _("Verifikasi dua langkah aktif. Simpan kode cadangan di bawah ini."))
            return redirect("account")
        form.add_error(
            "token",
            _wrong_code(user, _("Kode salah atau kedaluwarsa. Periksa jam ponsel, lalu ketik kode terbaru.")),
        )
    context = {
        "form": form,
        "qr": twofactor.qr_svg(device),
        "secret": twofactor.secret_b32(device),
        "next": _next(request),
    }
    return render(request, "accounts/twofactor_setup.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def twofactor_verify(request: HttpRequest) -> HttpResponse:
    """The second step after the password."""
    user: Any = request.user
    if not twofactor.has_device(user):
        return redirect("twofactor_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if twofactor.verify(request=request, token=form.cleaned_data["token"]):
            return redirect(_next(request))
        form.add_error(
            "token",
            _wrong_code(
                user,
                _("Kode salah atau kedaluwarsa. Ketik kode terbaru dari aplikasi, atau satu kode cadangan."),
            ),
        )
    return render(request, "accounts/twofactor_verify.html", {"form": form, "next": _next(request)})


@require_POST
@login_required
def backup_codes(request: HttpRequest) -> HttpResponse:
    if not twofactor.has_device(request.user):
        return redirect("twofactor_setup")
    request.session[BACKUP_CODES_SESSION] = twofactor.backup_codes_regenerate(
        user=request.user, request=request
    )
    messages.success(request, _("Kode cadangan baru dibuat; kode lama tidak berlaku lagi."))
    return redirect("account")


@require_POST
@login_required
def logout_everywhere(request: HttpRequest) -> HttpResponse:
    """End every session of this user, on every device, including this one."""
    user: Any = request.user
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    audit_log(actor=user, action="account.logout_everywhere", obj=user, request=request)
    logout(request)
    messages.success(request, _("Anda telah keluar dari semua perangkat."))
    return redirect("login")
