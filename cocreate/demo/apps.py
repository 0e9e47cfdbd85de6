from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "cocreate.demo"
    label = "demo"
