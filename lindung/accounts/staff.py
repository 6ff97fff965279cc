"""Admin Dinas looks after the staff accounts of the kabupaten: lock, 2FA, sessions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from lindung.core.access import role_required

from . import services, throttle
from .models import Role, User

ADMIN = [Role.ADMIN_DINAS.value]


def staff_visible_to(user: Any) -> QuerySet[User]:
    """Staff whose area lies inside the admin's area (a superuser sees everyone)."""
    if user.is_superuser:
        return User.objects.all()
    area = user.area
    if area is None:
        return User.objects.none()
    return User.objects.filter(Q(area__code=area.code) | Q(area__code__startswith=area.code + "."))


@role_required(*ADMIN)
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
@role_required(*ADMIN)
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
