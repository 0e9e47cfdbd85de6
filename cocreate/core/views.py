"""Views that belong to no app: the health check load balancers and benchmarks use."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET


@require_GET
def health(request: HttpRequest) -> HttpResponse:
    """Constant and query-free: says the process serves requests (and is the benchmark floor)."""
    return HttpResponse("ok\n", content_type="text/plain")
