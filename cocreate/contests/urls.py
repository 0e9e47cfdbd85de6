"""URLs of the contests pages (filled in by the issue-11 work)."""

urlpatterns: list[object] = []
