"""Admin Dinas looks after the staff accounts of the kabupaten: create, role and area, lock, 2FA, sessions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from lindung.accounts.capabilities import Capability
from lindung.core.access import capability_required

from . import services, throttle
from .forms import StaffForm
from .models import User
from .selectors import admin_kabupaten

# A generated password waits here between the POST that made it and the one page that shows it.
NEW_PASSWORD_SESSION = "lindung_staff_new_password"  # noqa: S105 — a session key


def staff_visible_to(user: Any) -> QuerySet[User]:
    """Staff whose area lies inside the admin's area (a superuser sees everyone)."""
    if user.is_superuser:
        return User.objects.all()
    area = user.area
    if area is None:
        return User.objects.none()
    return User.objects.filter(Q(area__code=area.code) | Q(area__code__startswith=area.code + "."))


def get_staff_for(user: Any, pk: int) -> User:
    """A staff account the admin may change; outside the kabupaten (or a superuser) it does not exist."""
    staff = staff_visible_to(user)
    if not user.is_superuser:
        staff = staff.filter(is_superuser=False)
    target = staff.select_related("area", "agency").filter(pk=pk).first()
    if target is None:
        raise Http404
    return target


@capability_required(Capability.ADMINISTER)
def staff_list(request: HttpRequest) -> HttpResponse:
    users = (
        staff_visible_to(request.user)
        .select_related("area", "agency")
        .annotate(has_2fa=Exists(TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)))
        .order_by("username")
    )
    rows = [(u, throttle.locked_until(u.username, None)) for u in users]
    return render(request, "accounts/staff.html", {"rows": rows})


ACTIONS = {
    "unlock": (services.user_unlock, gettext_lazy("Kunci akun %(user)s dibuka.")),
    "reset_2fa": (
        services.user_reset_2fa,
        gettext_lazy("Verifikasi dua langkah %(user)s dihapus; ia mendaftar ulang saat masuk."),
    ),
    "end_sessions": (services.user_end_sessions, gettext_lazy("Semua sesi %(user)s diakhiri.")),
}


@require_POST
@capability_required(Capability.ADMINISTER)
def staff_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    target = staff_visible_to(request.user).filter(pk=pk).first()
    if target is None:
        raise Http404
    if action in ("deactivate", "activate"):
        if target.pk == request.user.pk:
            messages.error(request, _("Anda tidak dapat menonaktifkan akun sendiri."))
            return redirect("staff_list")
        services.user_set_active(user=target, active=action == "activate", by=request.user, request=request)
        done = _("Akun %(user)s diaktifkan.") if action == "activate" else _("Akun %(user)s dinonaktifkan.")
        messages.success(request, done % {"user": target.username})
        return redirect("staff_list")
    if action not in ACTIONS:
        raise Http404
    service, text = ACTIONS[action]
    service(user=target, by=request.user, request=request)
    messages.success(request, str(text) % {"user": target.username})
    return redirect("staff_list")


def _show_password_once(request: HttpRequest, user: User, password: str) -> HttpResponse:
    request.session[NEW_PASSWORD_SESSION] = {"user": user.pk, "password": password}
    return redirect("staff_password", pk=user.pk)


@require_http_methods(["GET", "POST"])
@capability_required(Capability.ADMINISTER)
def staff_create(request: HttpRequest) -> HttpResponse:
    form = StaffForm(request.POST or None, kabupaten=admin_kabupaten(request.user))
    if request.method == "POST" and form.is_valid():
        user, password = services.user_create(user=form.save(commit=False), by=request.user, request=request)
        return _show_password_once(request, user, password)
    return render(request, "accounts/staff_form.html", {"form": form, "target": None})


@require_http_methods(["GET", "POST"])
@capability_required(Capability.ADMINISTER)
def staff_edit(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_staff_for(request.user, pk)
    before = services.user_snapshot(target)
    form = StaffForm(
        request.POST or None,
        instance=target,
        kabupaten=admin_kabupaten(request.user),
        editing_self=target.pk == request.user.pk,
    )
    if request.method == "POST" and form.is_valid():
        services.user_update(user=form.save(commit=False), before=before, by=request.user, request=request)
        messages.success(request, _("Akun %(user)s tersimpan.") % {"user": target.username})
        return redirect("staff_list")
    return render(request, "accounts/staff_form.html", {"form": form, "target": target})


@require_http_methods(["GET", "POST"])
@capability_required(Capability.ADMINISTER)
def staff_new_password(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation (the old password and every session stop working); POST does it."""
    target = get_staff_for(request.user, pk)
    if target.pk == request.user.pk:
        messages.error(request, _("Ganti kata sandi Anda sendiri di halaman Akun."))
        return redirect("staff_list")
    if request.method == "GET":
        return render(request, "accounts/staff_new_password.html", {"target": target})
    password = services.user_new_password(user=target, by=request.user, request=request)
    return _show_password_once(request, target, password)


@never_cache
@capability_required(Capability.ADMINISTER)
def staff_password(request: HttpRequest, pk: int) -> HttpResponse:
    """The generated password, once: the session forgets it as soon as this page is rendered."""
    target = get_staff_for(request.user, pk)
    stash = request.session.get(NEW_PASSWORD_SESSION) or {}
    password = stash.get("password") if stash.get("user") == target.pk else None
    if password:
        del request.session[NEW_PASSWORD_SESSION]
    return render(request, "accounts/staff_password.html", {"target": target, "password": password})
