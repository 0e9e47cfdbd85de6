"""URLs of the tracking pages: staff keep a proposal's progress record and private notes."""

from django.urls import path

from . import views

urlpatterns = [
    path(
        "manage/<slug:org>/c/<slug:slug>/p/<int:pk>/progress/",
        views.proposal_progress,
        name="proposal-progress",
    ),
    path(
        "manage/<slug:org>/c/<slug:slug>/p/<int:pk>/notes/",
        views.staff_notes,
        name="staff-notes",
    ),
    path(
        "manage/<slug:org>/c/<slug:slug>/progress/import/",
        views.progress_import,
        name="progress-import",
    ),
]
