from django.urls import path

from . import views, views_renewal

urlpatterns = [
    path("", views.membership_list, name="membership_list"),
    path("<int:pk>/", views.membership_detail, name="membership_detail"),
    path("<int:pk>/berhenti/", views.membership_end_view, name="membership_end"),
    path("<int:pk>/nonaktif/", views.membership_deactivate_view, name="membership_deactivate"),
    path("<int:pk>/aktifkan/", views.membership_reactivate_view, name="membership_reactivate"),
    path("<int:pk>/surat.pdf", views.membership_letter, name="membership_letter"),
    path("batch/", views.batch_list, name="batch_list"),
    path("batch/baru/", views.batch_new, name="batch_new"),
    path("batch/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("batch/<int:pk>/kunci/", views.batch_seal_view, name="batch_seal"),
    path("batch/<int:pk>/ekspor/", views.batch_export_view, name="batch_export"),
    path("batch/<int:pk>/unduh/", views.batch_download, name="batch_download"),
    path("batch/<int:pk>/kirim/", views.batch_send_view, name="batch_send"),
    path("batch/<int:pk>/tutup/", views.batch_close_view, name="batch_close"),
    path("batch/<int:pk>/hasil/", views.batch_results_upload, name="batch_results_upload"),
    path("hasil/<int:pk>/", views.result_detail, name="result_detail"),
    path("hasil/<int:pk>/terapkan/", views.result_apply, name="result_apply"),
    path("pembaruan/", views_renewal.renewal_list, name="renewal_list"),
    path("pembaruan/<int:pk>/", views_renewal.renewal_detail, name="renewal_detail"),
    path("pembaruan/<int:pk>/konfirmasi/", views_renewal.renewal_confirm_view, name="renewal_confirm"),
]
