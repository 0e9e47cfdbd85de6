"""URLs of the organization's own staff pages (members and roles), full paths; included from
cocreate/urls.py with path("", include(...))."""

from django.urls import path

from . import views

urlpatterns = [
    path("manage/<slug:org>/members/", views.members, name="members"),
    path("manage/<slug:org>/members/<int:pk>/", views.member_role, name="member-role"),
    path("manage/<slug:org>/members/<int:pk>/remove/", views.member_remove, name="member-remove"),
]
