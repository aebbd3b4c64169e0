from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "kinship.directory"
    label = "directory"
    verbose_name = "Groups and meetings"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from kinship.accounts.demo import register_demo_builder
        from kinship.directory import actions, demo, permissions, privacy
        from kinship.notifications.kinds import NotificationKind, register_kind

        privacy.register()
        permissions.register_group_directory()
        register_demo_builder("directory", demo.build_demo_directory)
        register_kind(
            NotificationKind(actions.MEMBERSHIP_KIND, _("Answers to my requests to join a group"))
        )
        register_kind(
            NotificationKind(
                actions.MEMBERSHIP_REQUEST_KIND, _("Requests to join a group I facilitate")
            )
        )
