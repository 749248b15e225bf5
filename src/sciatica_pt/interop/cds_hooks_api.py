"""The CDS Hooks HTTP layer: a django-ninja Router the web app mounts at the site root.

Mount it with one line in the web urls: `path("", cds_api().urls)` (a NinjaAPI of its own, so
the services sit at `/cds-services` whatever prefix the app's API has), or add
`make_router()` to an existing NinjaAPI to serve them under that API's prefix.

    GET  /cds-services                     discovery
    POST /cds-services/{id}                call a service (cards)
    POST /cds-services/{id}/feedback       card feedback
    OPTIONS on each, for browser clients (CORS preflight)

Thin by design (parse, call `cds_service`, answer): bad input is a 400 with one line per
problem, an unknown service a 404. The link in the cards points to
`settings.SCIATICA_PT_APP_BASE_URL` (absolute), or to this server when it is not set.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI, Router

from sciatica_pt import knowledge
from sciatica_pt.core.errors import InvalidInput
from sciatica_pt.core.planning.items import KnowledgeGap
from sciatica_pt.interop import cds_service
from sciatica_pt.interop.cds_service import CdsService, Planner, UnknownService

log = logging.getLogger(__name__)
CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Authorization, Content-Type",
    "Access-Control-Max-Age": "86400",
}


def planner() -> Planner:
    """The app's engine; looked up per call so a test can stand it in."""
    from sciatica_pt.core.engine import assess

    found: Planner = assess
    return found


def answer(data: dict[str, Any], status: int = 200) -> HttpResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    for header, value in CORS.items():
        response[header] = value
    return response


def problem(status: int, message: str, problems: list[str] | None = None) -> HttpResponse:
    return answer({"error": message, "problems": problems or [message]}, status)


def preflight(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(status=204)
    for header, value in CORS.items():
        response[header] = value
    return response


def service_preflight(request: HttpRequest, service_id: str) -> HttpResponse:
    return preflight(request)


def body(request: HttpRequest) -> object:
    try:
        return json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput(["(body): is not valid JSON"]) from None


def service(request: HttpRequest) -> CdsService:
    base = getattr(settings, "SCIATICA_PT_APP_BASE_URL", None) or request.build_absolute_uri("/")
    return CdsService(kb=knowledge.load(), plan=planner(), app_base_url=base)


def discovery(request: HttpRequest) -> HttpResponse:
    return answer(cds_service.discovery())


def invoke(request: HttpRequest, service_id: str) -> HttpResponse:
    try:
        return answer(service(request).invoke(service_id, body(request)))
    except UnknownService:
        return problem(404, f"no CDS service is called {service_id!r}")
    except InvalidInput as exc:
        return problem(400, "the request is not a valid CDS Hooks call", exc.problems)
    except KnowledgeGap as exc:  # a broken installation: say so, never answer with less advice
        log.error("knowledge gap answering %s: %s", service_id, exc)
        return problem(500, f"the knowledge base is incomplete: {exc}")


def feedback(request: HttpRequest, service_id: str) -> HttpResponse:
    try:
        count = cds_service.feedback(service_id, body(request))
    except UnknownService:
        return problem(404, f"no CDS service is called {service_id!r}")
    except InvalidInput as exc:
        return problem(400, "the feedback is not valid CDS Hooks feedback", exc.problems)
    log.info("cds feedback for %s: %d entries", service_id, count)
    return answer({})


def make_router() -> Router:
    """A fresh Router each call: ninja lets a router belong to one API only."""
    router = Router(tags=["CDS Hooks"])
    router.get("/cds-services", auth=None)(discovery)
    router.post("/cds-services/{service_id}", auth=None)(invoke)
    router.post("/cds-services/{service_id}/feedback", auth=None)(feedback)
    router.api_operation(["OPTIONS"], "/cds-services", auth=None)(preflight)
    # One operation id per path: the same view under two paths would share one otherwise.
    for path, name in (
        ("/cds-services/{service_id}", "cds_service_preflight"),
        ("/cds-services/{service_id}/feedback", "cds_feedback_preflight"),
    ):
        router.api_operation(["OPTIONS"], path, auth=None, operation_id=name)(service_preflight)
    return router


def cds_api(namespace: str = "cds-hooks") -> NinjaAPI:
    """A NinjaAPI serving only the CDS Hooks endpoints, to mount at the site root."""
    api = NinjaAPI(urls_namespace=namespace, docs_url=None, title="Sciatica PT CDS Hooks")
    api.add_router("", make_router())
    return api
