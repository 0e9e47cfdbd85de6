from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "cocreate.moderation"
    label = "moderation"
