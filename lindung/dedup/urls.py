from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path("", views.queue, name="dedup_queue"),
    path("<int:pk>/", views.pair, name="dedup_pair"),
    path("<int:pk>/putuskan/", views.decide, name="dedup_decide"),
    path("pindai/", views.scan_start, name="dedup_scan_start"),
    path("pindai/<int:pk>/", views.scan_status, name="dedup_scan"),
    path("pekerja/<int:pk>/riwayat/", views.merged_timeline, name="dedup_merged_timeline"),
    path("ulang/<int:pk>/ditangani/", views.repeat_handled, name="dedup_repeat_handled"),
]
