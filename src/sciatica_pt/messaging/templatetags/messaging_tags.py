from typing import Any

from django import template

from sciatica_pt.clinic.permissions import own_patient
from sciatica_pt.messaging import services

register = template.Library()


@register.simple_tag
def unread_messages(user: Any) -> int:
    """Unread messages for the nav: the clinic's to a patient, patients' to a staff member."""
    if not user.is_authenticated:
        return 0
    patient = own_patient(user)
    if patient is not None:
        return services.unread(patient, for_patient=True)
    return services.clinic_unread(user)


@register.simple_tag
def thread_unread(patient: Any) -> int:
    """A patient's messages the clinic has not opened yet (the therapist's patient page)."""
    return services.unread(patient, for_patient=False)
