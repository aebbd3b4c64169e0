from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "kinship.notifications"
    label = "notifications"
