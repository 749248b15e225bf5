"""The smaller defects of issue 19: dates outside what can have happened, a refusal that
repeats a huge rejected value, a database error's values in the log, an id written 1.0."""

from __future__ import annotations

import datetime as dt
import logging
import sys

import pytest
from django.db import IntegrityError
from django.utils import timezone

from sciatica_pt.clinic.api.auth import issue_token
from sciatica_pt.clinic.models import ApiToken, CheckIn, OutcomeScore
from tests.clinic.conftest import World, checkin_doc


@pytest.mark.parametrize("day", ["0001-01-01", "2026-11-19"])
def test_a_check_in_before_the_program_started_is_refused(world: World, day: str) -> None:
    """The world's program starts on 2026-11-20."""
    before = CheckIn.objects.count()
    response = world.client("patient_a_user").post(
        "/api/me/checkins", checkin_doc(day=day), content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["detail"] == [f"day: {day} is before the program started (2026-11-20)"]
    assert CheckIn.objects.count() == before


@pytest.mark.parametrize("where", ["page", "api"])
def test_an_outcome_score_dated_in_the_future_is_refused(world: World, where: str) -> None:
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    fields = {"measure": "leg_pain_nrs", "value": 4, "recorded_on": tomorrow}
    before = OutcomeScore.objects.count()
    client = world.client("therapist")
    if where == "page":
        page = client.post(f"/patients/{world.patient_a.pk}/outcomes/", fields, follow=True)
        assert f"recorded_on: {tomorrow} is after today" in page.content.decode()
    else:
        path = f"/api/patients/{world.patient_a.pk}/outcomes"
        response = client.post(path, fields, content_type="application/json")
        assert response.status_code == 422
        assert response.json()["detail"][0].startswith(f"recorded_on: {tomorrow} is after today")
    assert OutcomeScore.objects.count() == before


def test_a_refusal_does_not_repeat_a_huge_rejected_value(world: World) -> None:
    huge = "x" * 500_000
    response = world.client("patient_a_user").post(
        "/api/me/checkins", checkin_doc(pain_during=huge), content_type="application/json"
    )
    assert response.status_code == 422
    assert len(response.content) < 500
    [problem] = response.json()["detail"]
    assert problem.startswith("pain_during: 'xxxx") and "(500000 characters)" in problem


def test_an_id_written_with_a_fraction_is_not_read_as_that_id(world: World) -> None:
    issue_token(world.therapist, "desk")
    token = ApiToken.objects.get()
    response = world.client("admin").post(f"/api/tokens/{token.pk}.0/revoke")
    assert response.status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_a_database_errors_values_never_reach_the_log() -> None:
    """PostgreSQL's detail quotes the refused row (`Key (username)=(alex) already exists`);
    the app's log handler writes the key's name, never its value."""
    logger = logging.getLogger("django.request")
    handlers = [h for h in logger.handlers if h.filters]  # the app's console handler
    assert handlers
    handler = handlers[0]
    detail = (
        'duplicate key value violates unique constraint "auth_user_username_key"\n'
        "DETAIL:  Key (username)=(alex.smith) already exists.\n"
        "DETAIL:  Failing row contains (7, Alex Smith, null)."
    )
    try:
        raise IntegrityError(detail)
    except IntegrityError:
        record = logger.makeRecord(
            logger.name, logging.ERROR, __file__, 1, "Error: %s", (detail,), sys.exc_info()
        )
    assert handler.filter(record)
    text = handler.format(record)
    assert "alex" not in text.lower()
    assert "Key (username)=(...)" in text and "Failing row contains (...)" in text
