"""The real URL map plus a staff page with no door, and one with a URL keyword the isolation
matrix does not know: the matrix's self-test (`@pytest.mark.urls`) must report both."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from cocreate.challenges.models import Challenge
from cocreate.urls import urlpatterns as real


def unguarded(request: HttpRequest, org: str, mystery: int = 0) -> HttpResponse:
    titles = Challenge.objects.filter(organization__slug=org).values_list("title", flat=True)
    return HttpResponse(", ".join(titles))


urlpatterns = [
    path("manage/<slug:org>/unguarded/", unguarded),
    path("manage/<slug:org>/unguarded/<int:mystery>/", unguarded),
    *real,
]
