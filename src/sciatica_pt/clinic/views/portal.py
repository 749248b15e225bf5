"""The patient's portal login, on the patient's page: give one, set a new password, stop or
restore access (`services.portal`)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from sciatica_pt.clinic.permissions import require_patient_access
from sciatica_pt.clinic.services import portal
from sciatica_pt.clinic.services.errors import InvalidInput
from sciatica_pt.clinic.views.common import staff_only

DONE = {
    "give": "Login given.",
    "password": "New password set: the patient's open sessions have ended.",
    "stop": "Portal access stopped.",
    "restore": "Portal access restored.",
}


@staff_only
@require_POST
def portal_login(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = require_patient_access(request.user, patient_id)
    post, action = request.POST, request.POST.get("action", "")
    try:
        if action == "give":
            portal.give_login(
                request, request.user, patient, post.get("username", ""), post.get("password", "")
            )
        elif action == "password":
            portal.set_password(request, request.user, patient, post.get("password", ""))
        elif action in ("stop", "restore"):
            portal.set_access(request, request.user, patient, action == "restore")
        else:
            raise InvalidInput([f"action: {action!r} is not give, password, stop or restore"])
        messages.success(request, DONE[action])
    except InvalidInput as exc:
        messages.error(request, "; ".join(exc.problems))
    return redirect("patient_detail", patient_id=patient.pk)
