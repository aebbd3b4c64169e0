from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "kinship.safety"
    label = "safety"
    verbose_name = "Safety"

    def ready(self) -> None:
        from kinship.safety import kinds, privacy

        privacy.register()
        kinds.register()
