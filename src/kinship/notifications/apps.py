from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "kinship.notifications"
    label = "notifications"

    def ready(self) -> None:
        from kinship.notifications import privacy

        privacy.register()
