from django.urls import path

from . import views

urlpatterns = [
    path("", views.odk_form_download, name="odk_form"),
]
