from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "kinship.privacy"
    label = "privacy"

    def ready(self) -> None:
        from kinship.privacy import accounts_data, audit

        audit.install()
        accounts_data.register()
