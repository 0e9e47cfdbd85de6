from django.apps import AppConfig


class LineageConfig(AppConfig):
    name = "cocreate.lineage"
    label = "lineage"
