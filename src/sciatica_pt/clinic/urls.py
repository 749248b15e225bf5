from django.urls import path

from sciatica_pt.clinic.api import api
from sciatica_pt.clinic.views import auth, common, patient, staff

urlpatterns = [
    path("", common.home, name="home"),
    path("hello/", common.hello, name="hello"),
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
    path("patients/<int:patient_id>/alerts/<int:alert_id>/ack/", staff.alert_ack, name="alert_ack"),
    path("patients/<int:patient_id>/outcomes/", staff.outcome_add, name="outcome_add"),
    path("patients/<int:patient_id>/discharge/", staff.discharge, name="discharge"),
    path("audit/", staff.audit_log, name="audit_log"),
    path("staff/", staff.staff_members, name="staff_members"),
    path("me/", patient.my_program, name="my_program"),
    path("me/checkin/", patient.checkin, name="checkin"),
    path("me/checkin/<int:checkin_id>/", patient.checkin_done, name="checkin_done"),
    path("me/progress/", patient.my_progress, name="my_progress"),
    path("education/", patient.education_list, name="education_list"),
    path("education/<slug:topic_id>/", patient.education_topic, name="education_topic"),
    path("api/", api.urls),
]
