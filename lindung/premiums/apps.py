from django.apps import AppConfig


class PremiumsConfig(AppConfig):
    name = "lindung.premiums"
    label = "premiums"
