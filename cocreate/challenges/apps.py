from django.apps import AppConfig


class ChallengesConfig(AppConfig):
    name = "cocreate.challenges"
    label = "challenges"

    def ready(self) -> None:
        # Registers the challenge permissions with django-rules.
        from . import permissions  # noqa: F401
