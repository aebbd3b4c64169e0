from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "kinship.directory"
    label = "directory"
    verbose_name = "Groups and meetings"
