from django.urls import path

from . import views

urlpatterns = [
    path("", views.privacy_home, name="privacy_home"),
    path("audit/", views.audit_review, name="privacy_audit"),
    path("<int:pk>/", views.person, name="privacy_person"),
    path("<int:pk>/ekspor.<str:fmt>", views.person_export, name="privacy_export"),
    path("<int:pk>/tarik-persetujuan/", views.consent_withdraw, name="privacy_withdraw"),
    path("<int:pk>/beri-persetujuan/", views.consent_give, name="privacy_give"),
    path("<int:pk>/tahan/", views.hold_place, name="privacy_hold"),
    path("<int:pk>/tahan/<int:hold_id>/cabut/", views.hold_release, name="privacy_hold_release"),
]
