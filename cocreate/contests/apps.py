from django.apps import AppConfig


class ContestsConfig(AppConfig):
    name = "cocreate.contests"
    label = "contests"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers "contests.*" rules)
