"""Pages: invitations (sent by staff, accepted by anyone holding the link), password reset
(Django's views: the same answer whether or not the address exists), notifications, the
patient's reminder time, and the one-click unsubscribe."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from sciatica_pt.clinic.permissions import (
    own_patient,
    require_patient_access,
    require_patient_self,
)
from sciatica_pt.clinic.services import daily_reminder
from sciatica_pt.clinic.services.errors import InvalidInput
from sciatica_pt.clinic.views.common import staff_only, today
from sciatica_pt.notify import invitations, notifications, reminders
from sciatica_pt.notify.models import ReminderSettings

MODEL_BACKEND = settings.SCIATICA_PT_LOGIN_BACKEND


@staff_only
@require_POST
def invite_patient(request: HttpRequest, patient_id: int) -> HttpResponse:
    patient = require_patient_access(request.user, patient_id)
    try:
        invitations.invite_patient(request, request.user, patient, request.POST.get("email", ""))
        messages.success(request, "Invitation sent: the patient sets their own password.")
    except InvalidInput as exc:
        messages.error(request, "; ".join(exc.problems))
    return redirect("patient_detail", patient_id=patient.pk)


@staff_only
@require_POST
def invite_staff(request: HttpRequest) -> HttpResponse:
    post = request.POST
    try:
        invitations.invite_staff(request, request.user, post.get("email", ""), post.get("name", ""))
        messages.success(request, "Invitation sent: the new therapist sets their own password.")
    except InvalidInput as exc:
        messages.error(request, "; ".join(exc.problems))
    return redirect("staff_members")


class AcceptInvitation(auth_views.PasswordResetConfirmView):
    """The invitation's link: choose a password, and be logged in. Used once: the token is
    tied to the password, so it stops working when the password is set."""

    template_name = "notify/set_password.html"
    post_reset_login = True
    post_reset_login_backend = MODEL_BACKEND
    success_url = reverse_lazy("home")
    extra_context = {"title": "Choose your password", "welcome": True}


class ResetRequest(auth_views.PasswordResetView):
    """Always the same answer: no way to learn whether an address has a login."""

    template_name = "notify/reset_request.html"
    email_template_name = "notify/mail/reset.txt"
    subject_template_name = "notify/mail/reset_subject.txt"
    success_url = reverse_lazy("password_reset_sent")

    def form_valid(self, form: Any) -> HttpResponse:
        # The link's host: the configured base URL when there is one, not the request's Host.
        base = urlsplit(settings.SCIATICA_PT_APP_BASE_URL or "")
        form.save(
            domain_override=base.netloc or None,
            use_https=base.scheme == "https" if base.netloc else self.request.is_secure(),
            token_generator=self.token_generator,
            from_email=self.from_email,
            email_template_name=self.email_template_name,
            subject_template_name=self.subject_template_name,
            request=self.request,
        )
        return HttpResponseRedirect(self.get_success_url())


class ResetConfirm(auth_views.PasswordResetConfirmView):
    template_name = "notify/set_password.html"
    success_url = reverse_lazy("password_reset_complete")
    extra_context = {"title": "Choose a new password", "welcome": False}


invite_accept = AcceptInvitation.as_view()
password_reset = ResetRequest.as_view()
password_reset_sent = auth_views.PasswordResetDoneView.as_view(
    template_name="notify/reset_sent.html"
)
password_reset_confirm = ResetConfirm.as_view()
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="notify/reset_complete.html"
)


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    shown = notifications.of(request.user)[: notifications.SHOWN]
    patient = own_patient(request.user)
    owed = reminders.owed(patient, today()) if patient is not None else []
    context = {"notifications": shown, "questionnaires": owed}
    return render(request, "notify/notifications.html", context)


@login_required
@require_POST
def notification_read(request: HttpRequest) -> HttpResponse:
    raw = request.POST.get("id", "")
    notifications.mark_read(request.user, int(raw) if raw.isdigit() and len(raw) < 18 else None)
    return redirect("notifications")


@login_required
def my_reminders(request: HttpRequest) -> HttpResponse:
    patient = require_patient_self(request.user)
    choice = ReminderSettings.objects.filter(patient=patient).first()
    if request.method == "POST":
        try:
            enabled = request.POST.get("enabled") == "on"
            raw = request.POST.get("reminder_time", "")
            reminders.choose(request, request.user, enabled, raw)
            patient.refresh_from_db(fields=["reminder_time"])
            chosen = daily_reminder.reminder_time(patient)
            messages.success(
                request, f"Reminder time saved. {daily_reminder.saved_message(chosen)}"
            )
            return redirect("my_reminders")
        except InvalidInput as exc:
            messages.error(request, "; ".join(exc.problems))
    context = {
        "choice": choice,
        "has_email": bool(request.user.email),
        **daily_reminder.form_context(patient),
    }
    return render(request, "notify/my_reminders.html", context)


# The mail client's one-click POST (RFC 8058) carries no CSRF token: the signed link is the
# proof, and all it can do is stop that patient's reminders.
@csrf_exempt
def reminders_stop(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks (mail scanners open links), POST stops; no login either way."""
    if request.method == "POST":
        patient = reminders.unsubscribe(token)
        status = 200 if patient is not None else 404
        return render(request, "notify/stopped.html", {"ok": patient is not None}, status=status)
    return render(request, "notify/stop.html", {"token": token})
