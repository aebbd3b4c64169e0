from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kinship.accounts"
    label = "accounts"

    def ready(self) -> None:
        from kinship.accounts import demo, receivers

        receivers.connect()
        demo.register_demo_builder("accounts", demo.build_demo_accounts)
