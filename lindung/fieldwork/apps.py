from django.apps import AppConfig


class FieldworkConfig(AppConfig):
    name = "lindung.fieldwork"
    label = "fieldwork"
    verbose_name = "Pendataan lapangan (ODK/KoboToolbox)"
