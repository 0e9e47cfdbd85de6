"""URLs of the review board: one page per challenge for its staff."""

from django.urls import path

from . import views

urlpatterns = [
    path("manage/<slug:org>/c/<slug:slug>/board/", views.board, name="board"),
    path("manage/<slug:org>/c/<slug:slug>/board/status/", views.board_status, name="board-status"),
]
