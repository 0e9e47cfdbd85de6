"""URLs of the audit log pages, full paths; included from cocreate/urls.py."""

from django.urls import path

from . import views

urlpatterns = [path("manage/<slug:org>/audit/", views.audit_log, name="audit-log")]
