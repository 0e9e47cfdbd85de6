from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "cocreate.organizations"
    label = "organizations"
