from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "cocreate.proposals"
    label = "proposals"
