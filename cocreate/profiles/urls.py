"""URLs of this room; included from cocreate/urls.py at the root."""

from django.urls import path, register_converter
from django.urls.converters import StringConverter

from . import views


class UsernameConverter(StringConverter):
    """Only what a username may hold (Django's username validator): any other path, a NUL
    byte that PostgreSQL refuses in a query say, is a 404 before any view runs."""

    regex = r"[\w.@+-]+"


register_converter(UsernameConverter, "username")

urlpatterns = [path("u/<username:username>/", views.profile, name="profile")]
