"""Who may see which patient: the ONE place object-level access is decided.

Every page and API route goes through `patients_visible_to` or `require_patient_access`.
A therapist and an admin see their own clinic's patients; a patient sees only themselves.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from sciatica_pt.clinic.models import Membership, Patient, Role


def membership_of(user: Any) -> Membership | None:
    if not user.is_authenticated:
        return None
    try:
        membership: Membership = user.membership
    except Membership.DoesNotExist:
        return None
    return membership


def is_staff_member(user: Any) -> bool:
    return membership_of(user) is not None


def is_admin(user: Any) -> bool:
    membership = membership_of(user)
    return membership is not None and membership.role == Role.ADMIN


def is_therapist(user: Any) -> bool:
    membership = membership_of(user)
    return membership is not None and membership.role == Role.THERAPIST


def own_patient(user: Any) -> Patient | None:
    if not user.is_authenticated:
        return None
    try:
        patient: Patient = user.patient_profile
    except Patient.DoesNotExist:
        return None
    return patient


def patients_visible_to(user: Any) -> QuerySet[Patient]:
    if (membership := membership_of(user)) is not None:
        return Patient.objects.filter(clinic_id=membership.clinic_id)
    if (patient := own_patient(user)) is not None:
        return Patient.objects.filter(pk=patient.pk)
    return Patient.objects.none()


def require_patient_access(user: Any, patient_id: int) -> Patient:
    """The patient, or 404: a patient of another clinic is indistinguishable from none."""
    try:
        return patients_visible_to(user).select_related("therapist__user").get(pk=patient_id)
    except (Patient.DoesNotExist, ValueError, TypeError):
        raise Http404("No such patient") from None


def require_clinician(user: Any) -> Membership:
    """Staff who may change clinical records: therapists and admins of a clinic."""
    membership = membership_of(user)
    if membership is None:
        raise PermissionDenied("Only clinic staff may do this.")
    return membership


def require_therapist(user: Any) -> Membership:
    membership = membership_of(user)
    if membership is None or membership.role != Role.THERAPIST:
        raise PermissionDenied("Only therapists may do this.")
    return membership


def require_admin(user: Any) -> Membership:
    membership = membership_of(user)
    if membership is None or membership.role != Role.ADMIN:
        raise PermissionDenied("Only clinic admins may do this.")
    return membership


def require_patient_self(user: Any) -> Patient:
    patient = own_patient(user)
    if patient is None:
        raise PermissionDenied("Only patients may do this.")
    return patient
