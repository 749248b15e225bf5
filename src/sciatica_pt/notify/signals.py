"""A critical alert (a warning sign) reaches the therapist at once: a notification in the
app and an e-mail, both without clinical detail (who to look at and a link)."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.urls import reverse

from sciatica_pt.clinic.models import Alert, Membership, Patient, Severity
from sciatica_pt.notify import mail, notifications

log = logging.getLogger("sciatica_pt.notify")


def therapists_to_tell(patient: Patient) -> list[Any]:
    """The patient's therapist when they have an active one, else every active staff member
    of the clinic: a warning sign never goes to no one."""
    if patient.therapist_id is not None:
        member = Membership.objects.select_related("user").get(pk=patient.therapist_id)
        if member.user.is_active:
            return [member.user]
    staff = Membership.objects.filter(clinic_id=patient.clinic_id, user__is_active=True)
    return [m.user for m in staff.select_related("user").order_by("pk")]


@receiver(post_save, sender=Alert, dispatch_uid="notify.critical_alert")
def critical_alert(sender: Any, instance: Alert, created: bool, **kwargs: Any) -> None:
    if not created or instance.severity != Severity.CRITICAL:
        return
    patient = Patient.objects.get(pk=instance.patient_id)
    path = reverse("patient_detail", args=[patient.pk])
    text = f"{patient.display_name} needs your attention now: open their page."
    recipients = therapists_to_tell(patient)
    for user in recipients:
        notifications.add(user, "alert", text, path)
    link = mail.absolute(path)
    addresses = [u.email for u in recipients if u.email]
    transaction.on_commit(lambda: _mail_alert(addresses, patient.display_name, link))


def _mail_alert(addresses: list[str], name: str, link: str) -> None:
    for address in addresses:
        try:
            mail.send(address, "alert", {"name": name, "link": link})
        except OSError:  # SMTP down: the alert stands in the app; the failure is logged
            log.exception("alert mail not sent")
