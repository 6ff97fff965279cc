from django.urls import path

from . import views

urlpatterns = [
    path("", views.rule_list, name="eligibility_rules"),
    path("baru/", views.rule_edit, name="eligibility_rule_create"),
    path("<int:pk>/", views.rule_edit, name="eligibility_rule_edit"),
    path("<int:pk>/akhiri/", views.rule_end, name="eligibility_rule_end"),
]
