"""URLs of moderation, full paths; included from cocreate/urls.py with path("", include(...))."""

from django.urls import path

from . import views

urlpatterns = [
    path("c/<slug:slug>/p/<int:pk>/report/", views.report, name="report-proposal"),
    path(
        "c/<slug:slug>/p/<int:pk>/comments/<int:comment_pk>/report/",
        views.report,
        name="report-comment",
    ),
    path("o/<slug:org_slug>/moderation/", views.queue, name="moderation-queue"),
    path("o/<slug:org_slug>/moderation/decide/", views.decide, name="moderation-decide"),
    path("o/<slug:org_slug>/moderation/log/", views.log, name="moderation-log"),
]
