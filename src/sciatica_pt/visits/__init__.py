"""Visits: the therapist roster, availability, booking, online visits, the therapist's day and
visit notes (issue 22). A Django app of its own beside `clinic`, using its clinics, staff,
patients, permissions and audit trail."""
