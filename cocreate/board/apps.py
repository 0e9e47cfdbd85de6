from django.apps import AppConfig


class BoardConfig(AppConfig):
    name = "cocreate.board"
    label = "board"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers "board.*" rules)
