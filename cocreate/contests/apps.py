from django.apps import AppConfig


class ContestsConfig(AppConfig):
    name = "cocreate.contests"
    label = "contests"
