from django.http import HttpRequest

from sciatica_pt.cli import DISCLAIMER


def site(request: HttpRequest) -> dict[str, object]:
    user = request.user
    role = getattr(getattr(user, "membership", None), "role", None)
    if role is None and hasattr(user, "patient_profile"):
        role = "patient"
    return {"DISCLAIMER": DISCLAIMER, "role": role}
