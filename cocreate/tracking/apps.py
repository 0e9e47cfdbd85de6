from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "cocreate.tracking"
    label = "tracking"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers "tracking.*" rules)
