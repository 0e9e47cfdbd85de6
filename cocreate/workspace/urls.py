"""The organization's workspace (`manage/<org>/…`, staff only) and its public page (`o/<org>/`)."""

from django.urls import path

from . import views

urlpatterns = [
    path("o/<slug:org>/", views.organization_page, name="organization"),
    path("manage/<slug:org>/", views.home, name="workspace"),
    path("manage/<slug:org>/challenges/new/", views.challenge_new, name="challenge-new"),
    path("manage/<slug:org>/c/<slug:slug>/edit/", views.challenge_edit, name="challenge-edit"),
    path(
        "manage/<slug:org>/c/<slug:slug>/baseline/",
        views.challenge_baseline,
        name="challenge-baseline",
    ),
    path(
        "manage/<slug:org>/c/<slug:slug>/publish/",
        views.challenge_publish,
        name="challenge-publish",
    ),
    path("manage/<slug:org>/c/<slug:slug>/phases/", views.phase_new, name="phase-new"),
    path(
        "manage/<slug:org>/c/<slug:slug>/phases/<int:pk>/",
        views.phase_edit,
        name="phase-edit",
    ),
]
