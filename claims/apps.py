from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from claims.middleware import stamp_login

        user_logged_in.connect(stamp_login, dispatch_uid="claims.stamp_login")
