"""URLs of this room; included from cocreate/urls.py."""

from django.urls import path

from . import views

urlpatterns = [
    path(
        "c/<slug:slug>/p/<int:pk>/comments/",
        views.comment_create,
        name="comment-create",
    ),
    path(
        "c/<slug:slug>/p/<int:pk>/comments/<int:comment_pk>/edit/",
        views.comment_edit,
        name="comment-edit",
    ),
]
