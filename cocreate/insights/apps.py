from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "cocreate.insights"
    label = "insights"
