from django.apps import AppConfig


class AccountabilityConfig(AppConfig):
    name = "cocreate.accountability"
    label = "accountability"
