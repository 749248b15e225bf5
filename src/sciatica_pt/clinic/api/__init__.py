"""The REST API at /api/: everything the pages do, with its OpenAPI document."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from sciatica_pt.clinic.api.auth import AUTH
from sciatica_pt.clinic.services.errors import InvalidInput, StaleVersion

api = NinjaAPI(
    title="Sciatica PT clinic API",
    version="1",
    description=(
        "Decision support for clinicians and guided self-management for their patients; "
        "not a diagnosis. `POST /assess` speaks assessment v1."
    ),
    auth=AUTH,
    urls_namespace="api",
)


@api.exception_handler(InvalidInput)
def invalid_input(request: HttpRequest, exc: InvalidInput) -> HttpResponse:
    return api.create_response(request, {"detail": exc.problems}, status=422)


@api.exception_handler(StaleVersion)
def stale_version(request: HttpRequest, exc: StaleVersion) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=409)


@api.exception_handler(PermissionDenied)
def denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Forbidden"}, status=403)


from sciatica_pt.clinic.api import admin, downloads, routes  # noqa: E402,F401  (registers the routes)
from sciatica_pt.visits.api import router as visits_router  # noqa: E402

api.add_router("/visits/", visits_router)
