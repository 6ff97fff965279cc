from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from lindung.core import views as core_views
from lindung.enrolment.verify import letter_verify
from lindung.intake.front import front
from lindung.notices.webhook import cloud_webhook, gateway_webhook

urlpatterns = [
    # The public front page for applicants; the staff home for a signed-in user.
    path("", front, name="home"),
    path("sehat/", core_views.health, name="health"),
    path("jadwal/", core_views.scheduled_jobs, name="scheduled_jobs"),
    path("akun/", include("lindung.accounts.urls")),
    path("privasi/", include("lindung.privacy.urls")),
    path("pekerja/", include("lindung.workers.urls")),
    path("", include("lindung.intake.urls")),
    path("verifikasi-surat/<str:token>/", letter_verify, name="letter_verify"),
    path("aturan/", include("lindung.eligibility.urls")),
    path("duplikat/", include("lindung.dedup.urls")),
    path("verifikasi/", include("lindung.verification.urls")),
    path("impor/formulir-odk/", include("lindung.fieldwork.urls")),
    path("impor/", include("lindung.imports.urls")),
    path("kepesertaan/", include("lindung.enrolment.urls")),
    path("iuran/", include("lindung.premiums.urls")),
    path("api/", include("lindung.api.urls")),
    path("notifikasi/", include("lindung.notices.urls")),
    # Called by WhatsApp (the Business Cloud API, or an HTTP gateway): public, every request signed.
    path("whatsapp/webhook/", cloud_webhook, name="whatsapp_webhook"),
    path("whatsapp/gateway/", gateway_webhook, name="whatsapp_gateway"),
    path("laporan/", include("lindung.reports.urls")),
    path("data-induk/", include("lindung.masterdata.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # The admin signs in through Lindung's login (lockout, 2FA), not its own form.
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("admin/", admin.site.urls),
]
