"""URLs of this room; included from cocreate/urls.py."""

from django.urls import path  # noqa: F401

urlpatterns: list[object] = []
