from django.apps import AppConfig


class ForumsConfig(AppConfig):
    name = "kinship.forums"
    label = "forums"
    verbose_name = "Forums"

    def ready(self) -> None:
        from kinship.accounts.demo import register_demo_builder
        from kinship.forums import content, demo, kinds, privacy

        kinds.register()
        content.register()
        privacy.register()
        register_demo_builder("forums", demo.build_demo_forums)
