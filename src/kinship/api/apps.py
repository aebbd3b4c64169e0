from django.apps import AppConfig


class APIConfig(AppConfig):
    name = "kinship.api"
    label = "api"
