from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "lindung.accounts"
    label = "accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .middleware import remember_login_time

        user_logged_in.connect(remember_login_time, dispatch_uid="lindung_remember_login_time")
