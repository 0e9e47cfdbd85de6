from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "cocreate.proposals"
    label = "proposals"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers "proposals.*" rules)
        from .handlers import subscribe_all

        subscribe_all()
