from django.urls import path

from sciatica_pt.notify import views

urlpatterns = [
    path("patients/<int:patient_id>/invite/", views.invite_patient, name="invite_patient"),
    path("staff/invite/", views.invite_staff, name="invite_staff"),
    path("welcome/<uidb64>/<token>/", views.invite_accept, name="invite_accept"),
    path("account/reset/", views.password_reset, name="password_reset"),
    path("account/reset/sent/", views.password_reset_sent, name="password_reset_sent"),
    path(
        "account/reset/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("account/reset/done/", views.password_reset_complete, name="password_reset_complete"),
    path("notifications/", views.notification_list, name="notifications"),
    path("notifications/read/", views.notification_read, name="notification_read"),
    path("me/reminders/", views.my_reminders, name="my_reminders"),
    path("reminders/stop/<token>/", views.reminders_stop, name="reminders_stop"),
]
