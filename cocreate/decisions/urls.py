"""URLs of the decisions pages."""

urlpatterns: list[object] = []
