from django.urls import path

from sciatica_pt.messaging import views

app_name = "messaging"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("inbox/", views.inbox, name="inbox"),
    path("patients/<int:patient_id>/", views.thread, name="thread"),
]
