from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "cocreate.search"
    label = "search"
