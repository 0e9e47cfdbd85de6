from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "cocreate.community"
    label = "community"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers "challenges.comment")
