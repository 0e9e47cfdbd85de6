from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "cocreate.moderation"
    label = "moderation"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers "moderation.*" rules)
