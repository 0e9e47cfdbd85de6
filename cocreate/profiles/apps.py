from django.apps import AppConfig


class ProfilesConfig(AppConfig):
    name = "cocreate.profiles"
    label = "profiles"
