from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "lindung.reports"
    label = "reports"
    verbose_name = "Laporan"
