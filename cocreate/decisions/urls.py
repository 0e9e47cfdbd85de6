"""URLs of the decisions pages, full paths; included from cocreate/urls.py."""

from django.urls import path

from . import views

urlpatterns = [
    path("manage/<slug:org>/statuses/", views.statuses, name="statuses"),
    path(
        "manage/<slug:org>/c/<slug:slug>/p/<int:pk>/answer/",
        views.proposal_answer,
        name="proposal-answer",
    ),
]
