"""URLs of this room; included from cocreate/urls.py."""

from django.urls import path

from . import views

urlpatterns = [
    path("c/<slug:slug>/search/", views.search, name="search"),
    path("c/<slug:slug>/similar/", views.similar, name="similar-proposals"),
]
