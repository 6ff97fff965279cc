from django.contrib.auth import views as auth_views
from django.urls import path

from . import staff, views

urlpatterns = [
    path("", views.account, name="account"),
    path("masuk/", views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("keluar-semua/", views.logout_everywhere, name="logout_everywhere"),
    path("sandi/", views.PasswordChangeView.as_view(), name="password_change"),
    path("2fa/daftar/", views.twofactor_setup, name="twofactor_setup"),
    path("2fa/", views.twofactor_verify, name="twofactor_verify"),
    path("2fa/kode-cadangan/", views.backup_codes, name="backup_codes"),
    path("pengguna/", staff.staff_list, name="staff_list"),
    path("pengguna/<int:pk>/<str:action>/", staff.staff_action, name="staff_action"),
]
