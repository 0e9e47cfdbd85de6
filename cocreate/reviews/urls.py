"""URLs of the reviews pages (filled in by the issue-11 work)."""

urlpatterns: list[object] = []
