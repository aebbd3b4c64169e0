from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "kinship.safety"
    label = "safety"
    verbose_name = "Safety"

    def ready(self) -> None:
        from kinship.safety import accounts_content, kinds, privacy

        privacy.register()
        kinds.register()
        accounts_content.register()
