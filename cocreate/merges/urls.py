"""URLs of the merges pages: staff routes under manage/<org>/c/<slug>/p/<pk>/."""

from django.urls import path

from . import views

PROPOSAL = "manage/<slug:org>/c/<slug:slug>/p/<int:pk>/"

urlpatterns = [
    path(f"{PROPOSAL}merge/", views.merge, name="proposal-merge"),
    path(f"{PROPOSAL}unmerge/", views.unmerge, name="proposal-unmerge"),
]
