from django.urls import path

from . import views

urlpatterns = [
    path("", views.masterdata_home, name="masterdata_home"),
    path("pekerjaan/", views.occupation_list, name="occupation_list"),
    path("pekerjaan/baru/", views.occupation_edit, name="occupation_create"),
    path("pekerjaan/<int:pk>/", views.occupation_edit, name="occupation_edit"),
    path("pekerjaan/<int:pk>/nonaktifkan/", views.occupation_deactivate, name="occupation_deactivate"),
    path("pekerjaan/<int:pk>/aktifkan/", views.occupation_activate, name="occupation_activate"),
    path("pekerjaan/<int:pk>/hapus/", views.occupation_delete, name="occupation_delete"),
    path("padanan-pekerjaan/", views.alias_list, name="alias_list"),
    path("padanan-pekerjaan/baru/", views.alias_edit, name="alias_create"),
    path("padanan-pekerjaan/<int:pk>/", views.alias_edit, name="alias_edit"),
    path("padanan-pekerjaan/<int:pk>/hapus/", views.alias_delete, name="alias_delete"),
    path("opd/", views.agency_list, name="agency_list"),
    path("opd/baru/", views.agency_edit, name="agency_create"),
    path("opd/<int:pk>/", views.agency_edit, name="agency_edit"),
    path("sumber-dana/", views.funding_list, name="funding_list"),
    path("sumber-dana/baru/", views.funding_edit, name="funding_create"),
    path("sumber-dana/<int:pk>/", views.funding_edit, name="funding_edit"),
    path("instansi/", views.office_edit, name="office_edit"),
    path("tata-letak/", views.layout_list, name="layout_list"),
    path("tata-letak/baru/", views.layout_edit, name="layout_create"),
    path("tata-letak/<int:pk>/", views.layout_edit, name="layout_edit"),
]
