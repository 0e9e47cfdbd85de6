from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "cocreate.community"
    label = "community"
