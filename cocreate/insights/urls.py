"""URLs of the insights: the staff page of a challenge with its actions and downloads, and the
public summary."""

from django.urls import path

from . import views

STAFF = "manage/<slug:org>/c/<slug:slug>/insights/"

urlpatterns = [
    path(STAFF, views.insights, name="insights"),
    path(f"{STAFF}compute/", views.insights_compute, name="insights-compute"),
    path(f"{STAFF}public/", views.insights_public, name="insights-public"),
    path(f"{STAFF}download/", views.insights_download, name="insights-download"),
    path("c/<slug:slug>/insights/", views.insights_summary, name="insights-summary"),
    path("c/<slug:slug>/insights/consensus/", views.consensus_open, name="insights-consensus"),
]
