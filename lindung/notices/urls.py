from django.urls import path

from . import views

urlpatterns = [
    path("", views.notice_list, name="notice_list"),
    path("<int:pk>/kirim-ulang/", views.notice_retry_view, name="notice_retry"),
    path("whatsapp-masuk/", views.inbound_list, name="notice_inbound"),
    path("templat/", views.template_list, name="notice_templates"),
    path("templat/<int:pk>/", views.template_edit, name="notice_template_edit"),
]
