from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "cocreate.insights"
    label = "insights"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers "insights.*" rules)
