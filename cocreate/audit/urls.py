"""URLs of the audit log pages."""

urlpatterns: list[object] = []
