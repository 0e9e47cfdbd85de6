from django.apps import AppConfig


class AccountabilityConfig(AppConfig):
    name = "cocreate.accountability"
    label = "accountability"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers "accountability.*" rules)
