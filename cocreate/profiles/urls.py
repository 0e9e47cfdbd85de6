"""URLs of this room; included from cocreate/urls.py at the root."""

from django.urls import path

from . import views

urlpatterns = [path("u/<str:username>/", views.profile, name="profile")]
