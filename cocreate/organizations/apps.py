from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "cocreate.organizations"
    label = "organizations"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers "organizations.*" rules)
