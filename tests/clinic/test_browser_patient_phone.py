"""The patient's journeys on a phone (issue 20) in Debian's chromium: a typical day's check-in
counted in taps, the warning list that opens on "Yes", drawings that move unless the phone
asks for reduced motion, act-now that claims an alert only when one was raised, the
maintenance program after discharge and the daily reminder's time. Screenshots go to
test-artifacts/."""

from __future__ import annotations

import os

import pytest

from sciatica_pt.clinic.models import CheckIn, Patient
from sciatica_pt.clinic.services import patients, programs
from tests.clinic.conftest import TODAY
from tests.clinic.test_browser_journeys import ARTIFACTS, PHONE, _login, _shot, answer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # playwright's loop + the live server
MOST_TAPS = 10


class Taps:
    """Every tap the patient makes, counted."""

    def __init__(self, page) -> None:
        self.page, self.count = page, 0

    def radio(self, group: str, choice: str) -> None:
        answer(self.page, group, choice)
        self.count += 1

    def __call__(self, locator) -> None:
        locator.click()
        self.count += 1


def test_a_typical_day_is_logged_in_ten_taps_or_fewer_on_a_phone(world, live_server, page):
    page.set_viewport_size(PHONE)
    _login(page, live_server.url, "pat-a")
    page.wait_for_url("**/me/")
    tap = Taps(page)
    tap(page.get_by_role("link", name="Log today's session"))
    page.wait_for_url("**/me/checkin/")
    tap(page.get_by_role("radio", name="None of these"))
    tap.radio("Back pain now", "2")
    tap.radio("Leg pain now", "3")
    tap.radio("Where your leg symptoms reach", "The same")
    tap.radio("This morning, compared with before", "Better")
    tap.radio("Pain during your exercises", "The same")
    tap.radio("Did you do your exercises?", "All of them")
    first = page.locator("li.exercise").first
    tap(first.get_by_label("About right", exact=True))  # optional: how one exercise went
    _shot(page, "phone-01-checkin-typical-day")
    before = CheckIn.objects.count()
    tap(page.get_by_role("button", name="Save"))
    page.get_by_role("heading", name="Saved. Well done.").wait_for()
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "checkin-taps.txt").write_text(f"typical day, from Today to saved: {tap.count}\n")
    assert tap.count <= MOST_TAPS
    assert CheckIn.objects.count() == before + 1
    row = CheckIn.objects.latest("pk")
    assert not row.warning_sign and row.data["new_weakness"] is False
    _, items = programs.current_items(world.patient_a)
    assert row.data["items_done"] == [i.item_id for i in items if i.kind == "exercise"]
    assert list(row.data["item_feeling"].values()) == ["right"]


def test_yes_opens_a_question_for_each_warning_sign(world, live_server, page):
    page.set_viewport_size(PHONE)
    _login(page, live_server.url, "pat-a")
    page.wait_for_url("**/me/")
    page.goto(live_server.url + "/me/checkin/")
    question = page.locator(".yn", has_text="New weakness in a leg")
    assert not question.is_visible()
    page.get_by_role("radio", name="Yes, one or more").check()
    assert question.is_visible()
    _shot(page, "phone-02-checkin-warning-yes")
    page.get_by_role("radio", name="None of these").check()
    assert not question.is_visible()


@pytest.mark.parametrize(("motion", "moving"), [("no-preference", True), ("reduce", False)])
def test_drawings_move_unless_the_phone_asks_for_reduced_motion(
    world, live_server, page, motion, moving
):
    page.set_viewport_size(PHONE)
    page.emulate_media(reduced_motion=motion)
    _login(page, live_server.url, "pat-a")
    page.wait_for_url("**/me/")
    drawing = page.locator(".drawing svg").first
    drawing.scroll_into_view_if_needed()
    assert drawing.locator(".pose.moving").is_visible() is moving
    assert drawing.locator(".pose.end").is_visible() is not moving
    assert drawing.locator(".pose.start").is_visible()
    if moving:
        _shot(page, "phone-03-today-drawings")


def test_act_now_claims_an_alert_only_after_one_was_raised(world, live_server, page):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/act-now/")
    assert page.get_by_text("has been alerted").count() == 0
    assert page.get_by_text("this page does not alert them").is_visible()
    _shot(page, "phone-04-act-now-public")


def test_a_discharged_patient_sees_the_maintenance_program_and_logs_to_it(world, live_server, page):
    patients.discharge(None, world.therapist, world.patient_a, TODAY)
    page.set_viewport_size(PHONE)
    _login(page, live_server.url, "pat-a")
    page.wait_for_url("**/me/")
    assert page.get_by_role("heading", name="Your maintenance program").is_visible()
    assert page.get_by_role("heading", name="Your flare-up plan").is_visible()
    assert page.get_by_text("Not started yet").count() == 0
    _shot(page, "phone-05-maintenance-program")
    page.get_by_role("link", name="Log a maintenance session").click()
    page.get_by_role("radio", name="None of these").check()
    answer(page, "Back pain now", "1")
    answer(page, "Leg pain now", "1")
    answer(page, "Where your leg symptoms reach", "The same")
    answer(page, "This morning, compared with before", "The same")
    answer(page, "Pain during your exercises", "The same")
    answer(page, "Did you do your exercises?", "All of them")
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="Saved in your maintenance log").wait_for()
    _shot(page, "phone-06-maintenance-log-saved")
    assert programs.current_program(world.patient_a).status == "discharged"


def test_the_patient_chooses_the_time_of_their_one_daily_reminder(world, live_server, page):
    page.set_viewport_size(PHONE)
    _login(page, live_server.url, "pat-a")
    page.wait_for_url("**/me/")
    field = page.get_by_label("Remind me once a day at")
    assert field.input_value() == "18:00"
    field.fill("07:30")  # in the quiet hours: refused, naming the field and what is allowed
    page.get_by_role("button", name="Save the time").click()
    refused = page.get_by_text("reminder_time: 07:30 is in the quiet hours")
    assert "choose a time from 08:00 to 20:59" in refused.inner_text()
    assert Patient.objects.get(pk=world.patient_a.pk).reminder_time is None
    page.get_by_label("Remind me once a day at").fill("08:30")
    page.get_by_role("button", name="Save the time").click()
    page.get_by_text("Your daily reminder is at 08:30").wait_for()
    _shot(page, "phone-07-reminder-time")
    assert str(Patient.objects.get(pk=world.patient_a.pk).reminder_time) == "08:30:00"
    # The same one time under Reminders (the e-mail's), the same field.
    page.get_by_role("link", name="Turn e-mail reminders on or off").click()
    assert page.get_by_label("Remind me once a day at").input_value() == "08:30"
