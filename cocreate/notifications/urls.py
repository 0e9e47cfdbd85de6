"""URLs of this room, with full paths; included from cocreate/urls.py."""

from django.urls import path

from . import views

urlpatterns = [
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.mark_all_read, name="notifications-read"),
    path("notifications/settings/", views.preferences, name="notification-settings"),
    path("notifications/follow/", views.follow, name="follow"),
]
