from django.urls import path

from . import views

urlpatterns = [
    path("daftar/", views.apply, name="intake_apply"),
    path("status/", views.status, name="intake_status"),
]
