from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "cocreate.workspace"
    label = "workspace"
