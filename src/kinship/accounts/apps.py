from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kinship.accounts"
    label = "accounts"
