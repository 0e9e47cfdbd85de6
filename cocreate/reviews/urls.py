"""URLs of the reviews pages, full paths; every one is a staff page behind a door."""

from django.urls import path

from . import views

CHALLENGE = "manage/<slug:org>/c/<slug:slug>/"

urlpatterns = [
    path(CHALLENGE + "scorecard/", views.scorecard, name="scorecard"),
    path(CHALLENGE + "scorecard/change/", views.scorecard_change, name="scorecard-change"),
    path(CHALLENGE + "reviewers/", views.reviewers, name="reviewers"),
    path(CHALLENGE + "scores/", views.scores, name="scores"),
    path(CHALLENGE + "p/<int:pk>/reviewers/", views.proposal_reviewers, name="proposal-reviewers"),
    path(CHALLENGE + "p/<int:pk>/score/", views.proposal_score, name="proposal-score"),
]
