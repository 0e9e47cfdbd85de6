from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "cocreate.notifications"
    label = "notifications"

    def ready(self) -> None:
        from .handlers import subscribe_all

        subscribe_all()
