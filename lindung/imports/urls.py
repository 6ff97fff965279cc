from django.urls import path

from . import views

urlpatterns = [
    path("", views.job_list, name="import_list"),
    path("unggah/", views.job_upload, name="import_upload"),
    path("templat.xlsx", views.template_xlsx_download, name="import_template_xlsx"),
    path("templat.csv", views.template_csv_download, name="import_template_csv"),
    path("<int:pk>/", views.job_detail, name="import_detail"),
    path("<int:pk>/kolom/", views.job_map, name="import_map"),
    path("<int:pk>/simpan/", views.job_confirm, name="import_confirm"),
    path("<int:pk>/terima-beda-nik/", views.job_accept_nik_mismatch, name="import_accept_nik_mismatch"),
    path("<int:pk>/batal/", views.job_cancel, name="import_cancel"),
    path("<int:pk>/urungkan/", views.job_undo, name="import_undo"),
    path("<int:pk>/ulangi/", views.job_retry, name="import_retry"),
    path("<int:pk>/laporan.xlsx", views.job_report, name="import_report"),
]
