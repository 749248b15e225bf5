"""No raw code on any visits page (the scan of tests/clinic/test_browser_raw_codes.py, which
walks the clinic's pages only): the therapist's day with a visit, its note with techniques
applied, the visit, booking, hours, the roster; the admin's settings; the patient's visits."""

from __future__ import annotations

import os

import pytest

from sciatica_pt.visits.services import notes
from tests.clinic.test_browser_journeys import walk
from tests.clinic.test_browser_raw_codes import _codes_on
from tests.visits.conftest import book_visit, today_visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _pages(w) -> dict[str, list[str]]:
    today = today_visit(w)
    notes.save(
        None, w.therapist, today, {"subjective": "Easier"}, ["tens"], {"tens": "Asked for it"}
    )
    later = book_visit(w, hour=14)
    roster = f"/visits/clinics/{w.clinic.pk}/roster/"
    therapist = f"/visits/clinics/{w.clinic.pk}/therapists/{w.tess_profile.pk}/"
    return {
        "tess": [
            "/visits/day/",
            "/visits/profile/",
            f"/visits/{today.pk}/",
            f"/visits/{today.pk}/note/",
            f"/visits/patients/{w.patient_a.pk}/book/",
            roster,
            therapist,
        ],
        "ada": ["/visits/settings/", roster],
        "pat-a": ["/visits/mine/", roster, therapist, f"/visits/{later.pk}/"],
    }


@pytest.mark.parametrize("who", ["tess", "ada", "pat-a"])
def test_no_visits_page_shows_a_raw_code(visits_world, live_server, page, who):
    found = walk(page, live_server.url, who, _pages(visits_world), lambda p: sorted(_codes_on(p)))
    assert found == {}, "\n".join(f"{k}: {v}" for k, v in found.items())
