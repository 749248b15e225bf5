"""No raw code on any page of any role (issue 20): a browser walks every page of the admin,
the therapist and the patient and reads the visible text (`inner_text("body")`), which must
hold no snake_case word, dotted rule id or enum value (tests/raw_codes.py)."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from sciatica_pt.clinic.services import checkins, programs, questionnaires
from sciatica_pt.core.outcomes.questionnaires import ODI_SECTIONS
from sciatica_pt.core.words import vocabulary
from sciatica_pt.messaging.services import send_from_clinic, send_from_patient
from tests.clinic.clinic_exercise_fixtures import held_exercise
from tests.clinic.conftest import TODAY, checkin_doc
from tests.clinic.test_browser_journeys import walk
from tests.clinic.test_browser_questionnaires import schedule_usual
from tests.raw_codes import raw_codes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# Every code of every family: an element whose whole text is one of them (`<dd>subacute</dd>`,
# `<strong>provisional</strong>`) shows an enum value, not its name.
CODES = frozenset(code for family in vocabulary().values() for code in family)
LEAVES = """els => els.filter(e => e.children.length === 0 && e.offsetParent !== null)
    .map(e => (e.innerText || "").trim())"""


def _codes_on(page) -> set[str]:
    leaves = page.eval_on_selector_all("main *", LEAVES)
    return raw_codes(page.inner_text("body")) | {t for t in leaves if t in CODES}


def _busy(world):
    """Every kind of thing a page can show: a review with decisions, a flare, a critical
    alert on patient B (stopped program), check-ins with notes."""
    for n in range(1, 4):  # check-ins from the program's start (TODAY) on
        day = TODAY + dt.timedelta(days=n)
        checkins.log(None, world.patient_a_user, checkin_doc(day=day.isoformat()), day)
    programs.review_now(None, world.therapist, world.patient_a, TODAY + dt.timedelta(days=3))
    checkins.log(
        None, world.patient_b_user, checkin_doc(both_legs=True, notes="Both legs tingle"), TODAY
    )
    schedule_usual(world)  # questionnaires due, one entered by staff
    odi = dict.fromkeys(ODI_SECTIONS, 1) | {"sex_life": None}
    questionnaires.enter_as_staff(
        None, world.therapist, world.patient_a, "odi", {"sections": odi}, TODAY, TODAY
    )
    send_from_clinic(None, world.therapist, world.patient_a, "Try this", "pelvic-tilt", "lifting")
    send_from_patient(None, world.patient_b_user, "I wet myself and my foot slaps", TODAY)
    held_exercise(world)  # a clinic's own exercise with a photo, in patient A's program


def _pages(world) -> dict[str, list[str]]:
    a, b = world.patient_a, world.patient_b
    therapist = [
        "/patients/",
        "/patients/new/",
        "/patients/?page=1",
        "/education/",
        "/education/staying-active/",
        "/account/password/",
        "/act-now/",
        "/messages/inbox/",
    ]
    for p in (a, b):
        assessment = p.assessments.first()
        therapist += [
            f"/patients/{p.pk}/",
            f"/patients/{p.pk}/assess/",
            f"/patients/{p.pk}/assessments/{assessment.pk}/",
            f"/patients/{p.pk}/program/",
            f"/patients/{p.pk}/discharge/",
            f"/patients/{p.pk}/questionnaires/",
            f"/messages/patients/{p.pk}/",
        ]
    own = held_exercise(world)
    therapist += ["/exercises/", "/exercises/new/", f"/exercises/{own.pk}/"]
    therapist += [f"/patients/{a.pk}/program/?grade=clinic_own"]
    return {
        "tess": therapist,
        "ada": ["/patients/", f"/patients/{a.pk}/", "/audit/", "/staff/", "/staff/tokens/"],
        "pat-a": [
            "/me/",
            "/me/checkin/",
            f"/me/checkin/{a.checkins.first().pk}/",
            "/me/progress/",
            "/me/questionnaires/",
            "/me/questionnaires/psfs/",
            "/me/questionnaires/pain_nrs/",
            "/notifications/",
            "/me/reminders/",
            "/education/",
            "/education/staying-active/",
            "/act-now/",
            "/messages/",
        ],
        "pat-b": ["/me/", "/me/progress/", "/messages/"],
    }


@pytest.mark.parametrize("who", ["anonymous", "tess", "ada", "pat-a", "pat-b"])
def test_no_page_of_any_role_shows_a_raw_code(world, live_server, page, who):
    _busy(world)
    found = walk(page, live_server.url, who, _pages(world), lambda p: sorted(_codes_on(p)))
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())


def test_the_scan_finds_a_code_when_there_is_one(world, live_server, page):
    page.goto(live_server.url + "/login/")
    assert _codes_on(page) == set()
    page.evaluate("document.querySelector('main').append('pt_appropriate ci.x-y ')")
    page.evaluate(
        "document.querySelector('main').append(Object.assign("
        "document.createElement('strong'), {textContent: 'provisional'}))"
    )
    assert _codes_on(page) == {"pt_appropriate", "ci.x-y", "provisional"}
