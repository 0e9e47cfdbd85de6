from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "cocreate.tracking"
    label = "tracking"
