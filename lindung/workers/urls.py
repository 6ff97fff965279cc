from django.urls import path

from . import views

urlpatterns = [
    path("", views.worker_list, name="worker_list"),
    path("baru/", views.worker_create, name="worker_create"),
    path("<int:pk>/", views.worker_detail, name="worker_detail"),
    path("<int:pk>/ubah/", views.worker_edit, name="worker_edit"),
    path("<int:pk>/nik/", views.worker_reveal_nik, name="worker_reveal_nik"),
    path("<int:pk>/status/", views.worker_status, name="worker_status"),
    path("<int:pk>/tanda/<int:flag_pk>/selesai/", views.worker_flag_clear, name="worker_flag_clear"),
]
