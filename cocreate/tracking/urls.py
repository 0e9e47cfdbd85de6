"""URLs of the tracking pages (filled in by the issue-11 work)."""

urlpatterns: list[object] = []
