"""URLs of this room; included from cocreate/urls.py at the root."""

from django.urls import path

from . import views

urlpatterns = [
    path("c/<slug:slug>/p/<int:pk>/lineage/", views.lineage, name="lineage"),
    path("c/<slug:slug>/compare/", views.compare, name="compare"),
]
