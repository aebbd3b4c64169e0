from django.apps import AppConfig


class ForumsConfig(AppConfig):
    name = "kinship.forums"
    label = "forums"
    verbose_name = "Forums"
