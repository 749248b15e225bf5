from django.urls import include, path

from sciatica_pt.clinic.api import api
from sciatica_pt.clinic.views import (
    auth,
    clinic_exercises,
    common,
    downloads,
    patient,
    portal,
    questionnaires,
    staff,
    tokens,
)
from sciatica_pt.interop.cds_hooks_api import cds_api

urlpatterns = [
    # The API first: Django tries the patterns in order and the API serves the busiest
    # requests (no page pattern starts with "api/", so no match changes).
    path("api/", api.urls),
    path("", common.home, name="home"),
    path("login/", auth.login, name="login"),
    path("logout/", auth.logout, name="logout"),
    path("account/password/", auth.password_change, name="password_change"),
    path("act-now/", patient.act_now, name="act_now"),
    path("patients/", staff.patient_list, name="patient_list"),
    path("patients/new/", staff.patient_new, name="patient_new"),
    path("patients/<int:patient_id>/", staff.patient_detail, name="patient_detail"),
    path("patients/<int:patient_id>/assess/", staff.assessment_new, name="assessment_new"),
    path(
        "patients/<int:patient_id>/assessments/<int:assessment_id>/",
        staff.assessment_result,
        name="assessment_result",
    ),
    path("patients/<int:patient_id>/program/", staff.program_edit, name="program_edit"),
    path("patients/<int:patient_id>/program/change/", staff.program_change, name="program_change"),
    path("patients/<int:patient_id>/program/review/", staff.program_review, name="program_review"),
    path("patients/<int:patient_id>/alerts/<int:alert_id>/ack/", staff.alert_ack, name="alert_ack"),
    path("patients/<int:patient_id>/outcomes/", staff.outcome_add, name="outcome_add"),
    path("patients/<int:patient_id>/outcomes/psfs/", staff.psfs_add, name="psfs_add"),
    path("patients/<int:patient_id>/discharge/", staff.discharge, name="discharge"),
    path("patients/<int:patient_id>/contact/", staff.contact_edit, name="contact_edit"),
    path("patients/<int:patient_id>/therapist/", staff.therapist_change, name="therapist_change"),
    path("patients/<int:patient_id>/login/", portal.portal_login, name="portal_login"),
    # Questionnaires (issue 21): the schedule, what is due, staff entry by item number.
    path(
        "patients/<int:patient_id>/questionnaires/",
        questionnaires.patient_questionnaires,
        name="patient_questionnaires",
    ),
    path(
        "patients/<int:patient_id>/questionnaires/schedule/",
        questionnaires.schedule_save,
        name="questionnaire_schedule",
    ),
    path(
        "patients/<int:patient_id>/questionnaires/<slug:instrument>/",
        questionnaires.staff_entry,
        name="questionnaire_entry",
    ),
    path("patients/<int:patient_id>/handout.pdf", downloads.handout, name="download_handout"),
    path("patients/<int:patient_id>/progress.pdf", downloads.progress, name="download_progress"),
    path("patients/<int:patient_id>/program.ics", downloads.calendar, name="download_calendar"),
    path("patients/<int:patient_id>/fhir.json", downloads.fhir_bundle, name="download_fhir"),
    path("visits/", include("sciatica_pt.visits.urls")),
    path("messages/", include("sciatica_pt.messaging.urls")),
    path(
        "patients/<int:patient_id>/discharge.pdf",
        downloads.discharge_letter,
        name="download_discharge",
    ),
    path("audit/", staff.audit_log, name="audit_log"),
    path("staff/", staff.staff_members, name="staff_members"),
    path("staff/<int:user_id>/access/", staff.staff_access, name="staff_access"),
    path("staff/tokens/", tokens.token_list, name="token_list"),
    path("staff/tokens/new/", tokens.token_issue, name="token_issue"),
    path("staff/tokens/<int:token_id>/revoke/", tokens.token_revoke, name="token_revoke"),
    path("exercises/", clinic_exercises.exercise_list, name="clinic_exercise_list"),
    path("exercises/new/", clinic_exercises.exercise_new, name="clinic_exercise_new"),
    path(
        "exercises/<int:exercise_id>/",
        clinic_exercises.exercise_edit,
        name="clinic_exercise_edit",
    ),
    path(
        "exercises/<int:exercise_id>/retire/",
        clinic_exercises.exercise_retire,
        name="clinic_exercise_retire",
    ),
    path(
        "exercises/<int:exercise_id>/photo.jpg",
        clinic_exercises.exercise_photo,
        name="clinic_exercise_photo",
    ),
    path("me/", patient.my_program, name="my_program"),
    path("me/reminder/", patient.my_reminder, name="my_reminder"),
    path("me/checkin/", patient.checkin, name="checkin"),
    path("me/checkin/<int:checkin_id>/", patient.checkin_done, name="checkin_done"),
    path("me/progress/", patient.my_progress, name="my_progress"),
    path("me/questionnaires/", questionnaires.my_questionnaires, name="my_questionnaires"),
    path(
        "me/questionnaires/<slug:instrument>/",
        questionnaires.my_questionnaire,
        name="my_questionnaire",
    ),
    path("education/", patient.education_list, name="education_list"),
    path("education/<slug:topic_id>/", patient.education_topic, name="education_topic"),
    path("", include("sciatica_pt.notify.urls")),  # invitations, reset, reminders (issue 21)
    # CDS Hooks at the site root, as the spec expects (/cds-services); public, reads no stored
    # data. Last, so its empty root route never shadows the home page.
    path("", cds_api().urls),
]
