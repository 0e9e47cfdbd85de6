"""URLs of this room; included from cocreate/urls.py."""

urlpatterns: list[object] = []
