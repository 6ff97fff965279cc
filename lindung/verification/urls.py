from django.urls import path

from . import views

urlpatterns = [
    path("", views.queue, name="verification_queue"),
    path("proses/", views.bulk, name="verification_bulk"),
]
