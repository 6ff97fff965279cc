from django.apps import AppConfig


class MasterdataConfig(AppConfig):
    name = "lindung.masterdata"
    label = "masterdata"
    verbose_name = "Data induk"
