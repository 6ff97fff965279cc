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
    path("pengguna/baru/", staff.staff_create, name="staff_create"),
    path("pengguna/<int:pk>/ubah/", staff.staff_edit, name="staff_edit"),
    path("pengguna/<int:pk>/sandi-baru/", staff.staff_new_password, name="staff_new_password"),
    path("pengguna/<int:pk>/sandi/", staff.staff_password, name="staff_password"),
    path("pengguna/<int:pk>/<str:action>/", staff.staff_action, name="staff_action"),
]
