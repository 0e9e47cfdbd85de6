from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "cocreate.notifications"
    label = "notifications"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers "notifications.follow")
        from .handlers import subscribe_all

        subscribe_all()
