from django.urls import path

from sciatica_pt.visits import views

app_name = "visits"

urlpatterns = [
    path("roster/", views.my_roster, name="my_roster"),
    path("clinics/<int:clinic_id>/roster/", views.roster_page, name="roster"),
    path(
        "clinics/<int:clinic_id>/therapists/<int:profile_id>/",
        views.therapist_page,
        name="therapist",
    ),
    path("clinics/<int:clinic_id>/therapists/<int:profile_id>/photo", views.photo, name="photo"),
    path("book/", views.book, name="book"),
    path("mine/", views.my_visits, name="mine"),
    path("<int:visit_id>/", views.visit_page, name="visit"),
    path("<int:visit_id>/cancel/", views.visit_cancel, name="cancel"),
    path("<int:visit_id>/reschedule/", views.visit_reschedule, name="reschedule"),
    path("<int:visit_id>/note/", views.visit_note, name="note"),
    path("patients/<int:patient_id>/book/", views.staff_book, name="staff_book"),
    path("profile/", views.my_profile, name="my_profile"),
    path("settings/", views.clinic_settings, name="settings"),
    path("day/", views.therapist_day, name="day"),
]
