from django.apps import AppConfig


class MergesConfig(AppConfig):
    name = "cocreate.merges"
    label = "merges"
