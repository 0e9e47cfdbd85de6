from django.apps import AppConfig


class MergesConfig(AppConfig):
    name = "cocreate.merges"
    label = "merges"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers "merges.*" rules)
