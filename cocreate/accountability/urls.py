"""URLs of the accountability pages: what became of a challenge's ideas, and what was built."""

from django.urls import path

from . import views

urlpatterns = [
    path("c/<slug:slug>/accountability/", views.accountability, name="accountability"),
    path("manage/<slug:org>/c/<slug:slug>/as-built/", views.as_built, name="as-built"),
]
