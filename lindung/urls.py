from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from lindung.workers import views as worker_views

urlpatterns = [
    path("", worker_views.home, name="home"),
    path("masuk/", auth_views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("pekerja/", include("lindung.workers.urls")),
    path("", include("lindung.intake.urls")),
    path("aturan/", include("lindung.eligibility.urls")),
    path("duplikat/", include("lindung.dedup.urls")),
    path("verifikasi/", include("lindung.verification.urls")),
    path("impor/", include("lindung.imports.urls")),
    path("kepesertaan/", include("lindung.enrolment.urls")),
    path("iuran/", include("lindung.premiums.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
