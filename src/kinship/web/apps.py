from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "kinship.web"
    label = "web"
