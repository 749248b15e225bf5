"""A warning sign told twice at once, by two messages or by a message and a check-in, is one
alert (real threads, committed transactions; on SQLite and, with TEST_DATABASE_URL, on
PostgreSQL)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from sciatica_pt.clinic.models import Alert
from sciatica_pt.clinic.services import checkins
from sciatica_pt.messaging import services
from sciatica_pt.messaging.models import Message
from tests.clinic.conftest import checkin_doc
from tests.clinic.test_program_races import _run_together

pytestmark = pytest.mark.django_db(transaction=True)
ROUNDS = 5
STOP = "followup.warning-signs.stop"  # (a stopped program's later reviews raise their own)


def test_a_warning_sign_told_at_once_in_two_ways_is_one_alert(world):
    today = timezone.localdate()
    user = world.patient_a_user
    for _ in range(ROUNDS):
        Alert.objects.filter(patient=world.patient_a).delete()
        results = _run_together(
            lambda: services.send_from_patient(None, user, "I wet myself", today),
            lambda: services.send_from_patient(None, user, "My foot slaps now", today),
            lambda: checkins.log(
                None, user, checkin_doc(day=today.isoformat(), bladder_bowel_change=True), today
            ),
        )
        assert not [r for r in results if isinstance(r, BaseException)], results
        found = Alert.objects.filter(patient=world.patient_a, rule=STOP)
        assert found.count() == 1, list(found.values_list("rule", "event", "message"))
    assert Message.objects.count() == 2 * ROUNDS  # no message lost
