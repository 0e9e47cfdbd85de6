from django.apps import AppConfig


class BoardConfig(AppConfig):
    name = "cocreate.board"
    label = "board"
