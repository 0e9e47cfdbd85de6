from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cocreate.accounts"
    label = "accounts"

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers "accounts.*" rules)
