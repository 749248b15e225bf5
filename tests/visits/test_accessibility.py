"""The visits pages checked by axe-core (WCAG 2.0 to 2.2, A and AA) in Debian's chromium; the
patient's at a phone's size."""

from __future__ import annotations

import os

import pytest

from tests.clinic.test_accessibility import _violations
from tests.clinic.test_browser_journeys import PHONE, _login
from tests.visits.conftest import book_visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _pages(w, visit) -> dict[str, list[str]]:
    roster = f"/visits/clinics/{w.clinic.pk}/roster/"
    therapist = f"/visits/clinics/{w.clinic.pk}/therapists/{w.tess_profile.pk}/"
    return {
        "tess": [
            "/visits/day/",
            "/visits/profile/",
            f"/visits/{visit.pk}/",
            f"/visits/{visit.pk}/note/",
            f"/visits/patients/{w.patient_a.pk}/book/",
            roster,
        ],
        "ada": ["/visits/settings/"],
        "pat-a": ["/visits/mine/", roster, therapist, f"/visits/{visit.pk}/"],
    }


@pytest.mark.parametrize("who", ["tess", "ada", "pat-a"])
def test_visits_pages_have_no_wcag_violations(visits_world, live_server, page, who):
    base = live_server.url
    urls = _pages(visits_world, book_visit(visits_world))[who]
    if who == "pat-a":
        page.set_viewport_size(PHONE)
    _login(page, base, who)
    page.wait_for_load_state()
    found = {}
    for url in urls:
        response = page.goto(base + url)
        assert response.status == 200 and page.url == base + url, (url, page.url)
        if problems := _violations(page):
            found[url] = problems
    assert found == {}
