from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "cocreate.decisions"
    label = "decisions"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers "decisions.*" rules)
