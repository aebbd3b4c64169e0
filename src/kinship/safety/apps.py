from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "kinship.safety"
    label = "safety"
    verbose_name = "Safety"

    def ready(self) -> None:
        from kinship.accounts.demo import register_demo_builder
        from kinship.safety import accounts_content, demo, kinds, privacy

        privacy.register()
        register_demo_builder("safety", demo.build_demo_safety)
        kinds.register()
        accounts_content.register()
