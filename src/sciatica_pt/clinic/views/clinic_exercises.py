"""The clinic's own exercises (issue 20): list, create, edit, retire, and their photos.
Thin: parse, authorize (the services), call one service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sciatica_pt.clinic import picker
from sciatica_pt.clinic.models import ClinicExercise
from sciatica_pt.clinic.services import clinic_exercises as service
from sciatica_pt.clinic.services.errors import InvalidInput
from sciatica_pt.clinic.views.common import staff_only
from sciatica_pt.core.clinic_exercises import EXERCISE_CLASSES
from sciatica_pt.core.vocabulary import Direction, Equipment, RuleSeverity, Setting
from sciatica_pt.core.words import name_of

TEMPLATE = "clinic/clinic_exercise_form.html"


@staff_only
def exercise_list(request: HttpRequest) -> HttpResponse:
    rows = service.exercises_of(request.user)
    return render(request, "clinic/clinic_exercises.html", {"exercises": rows})


@staff_only
def exercise_new(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, TEMPLATE, _form_context({}, None))
    try:
        row = service.create(request, request.user, request.POST, request.FILES.get("photo"))
    except InvalidInput as exc:
        context = _form_context(request.POST, None, exc.problems)
        return render(request, TEMPLATE, context, status=400)
    messages.success(request, f"{row.name} saved in your clinic's exercises.")
    return redirect("clinic_exercise_list")


@staff_only
def exercise_edit(request: HttpRequest, exercise_id: int) -> HttpResponse:
    row = service.require_exercise(request.user, exercise_id)
    if request.method != "POST":
        return render(request, TEMPLATE, _form_context(_initial(row), row))
    try:
        row = service.update(
            request, request.user, row.pk, request.POST, request.FILES.get("photo")
        )
    except InvalidInput as exc:
        context = _form_context(request.POST, row, exc.problems)
        return render(request, TEMPLATE, context, status=400)
    messages.success(request, f"{row.name} saved.")
    return redirect("clinic_exercise_list")


@staff_only
@require_POST
def exercise_retire(request: HttpRequest, exercise_id: int) -> HttpResponse:
    retired = request.POST.get("retired") != "no"
    row = service.set_retired(request, request.user, exercise_id, retired)
    done = "retired: it stays in every program that has it" if retired else "back in the picker"
    messages.success(request, f"{row.name} {done}.")
    return redirect("clinic_exercise_list")


@login_required
def exercise_photo(request: HttpRequest, exercise_id: int) -> HttpResponse:
    path = service.photo_for(request.user, exercise_id)
    if not path.is_file():
        raise Http404("No such photo")
    response = FileResponse(path.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"  # never in a shared cache
    return response


def _initial(row: ClinicExercise) -> dict[str, Any]:
    values: dict[str, Any] = {
        k: getattr(row, k) or "" for k in (*service.TEXT_FIELDS, "position", "minutes")
    }
    values |= {k: "\n".join(getattr(row, k)) for k in service.LINE_FIELDS}
    values |= {k: list(getattr(row, k)) for k in service.LIST_FIELDS}
    values |= {f"dose_{k}": v for k, v in (row.dosage or {}).items()}
    return values


def _form_context(
    values: Any, row: ClinicExercise | None, problems: list[str] | None = None
) -> dict[str, Any]:
    from sciatica_pt import knowledge

    kb = knowledge.load()
    chosen = {k: _list(values, k) for k in service.LIST_FIELDS}
    rules = sorted(kb.rules, key=lambda r: name_of(r.id, "safety_rule").lower())
    return {
        "row": row,
        "values": values,
        "chosen": chosen,
        "problems": problems or [],
        "picture": service.picture_of(row) if row else None,
        "classes": _options((c.value for c in EXERCISE_CLASSES), "item_class"),
        "directions": _options((d.value for d in Direction), "direction"),
        "settings": [(s.value, name_of(s)) for s in (Setting.HOME, Setting.POOL)],
        "equipment": _options((e.value for e in Equipment), "equipment"),
        "positions": _options(picker.POSITIONS, "posture"),
        "poses": picker.pose_choices(),
        "contraindications": [
            (r.id, name_of(r.id, "safety_rule"), r.message)
            for r in rules
            if r.severity is RuleSeverity.CONTRAINDICATION
        ],
        "precautions": [
            (r.id, name_of(r.id, "safety_rule"), r.message)
            for r in rules
            if r.severity is RuleSeverity.PRECAUTION
        ],
        "dose_fields": [
            (f"dose_{k}", name_of(k, "dosage_field"), values.get(f"dose_{k}", ""))
            for k in service.DOSE_FIELDS
        ],
    }


def _list(values: Any, key: str) -> list[str]:
    getlist = getattr(values, "getlist", None)
    found = getlist(key) if getlist else values.get(key, [])
    return list(found or [])


def _options(codes: Any, family: str) -> list[tuple[str, str]]:
    return sorted(((c, name_of(c, family)) for c in codes), key=lambda kv: kv[1].lower())
