"""Outcome charts with the assessment's baseline and the minimal-important-change band (from
core/outcomes/mic.py), and the PSFS scored as the patient's own activities, a line each."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from sciatica_pt.clinic import charts
from sciatica_pt.clinic.models import OutcomeScore, PsfsActivityScore
from sciatica_pt.clinic.services import assessments, outcomes
from sciatica_pt.clinic.services.errors import InvalidInput
from sciatica_pt.core.followup.models import Measure
from sciatica_pt.core.outcomes.mic import MIC
from tests.clinic.conftest import TODAY, assessment_doc

ACTIVITIES = [
    {"activity": "Sitting through a film", "score": 3},
    {"activity": "Walking the dog", "score": 5},
]


def _with_psfs(world):
    doc = assessment_doc()
    doc["outcomes"] = {"psfs": ACTIVITIES, "odi_percent": 40}
    assessments.record(None, world.therapist, world.patient_a, doc, TODAY)


def _page(world) -> str:
    return world.client("therapist").get(f"/patients/{world.patient_a.pk}/").content.decode()


@pytest.mark.parametrize(
    ("measure", "baseline"),
    [(Measure.LEG_PAIN_NRS, 6), (Measure.LEG_PAIN_NRS, 3), (Measure.ODI, 40), (Measure.PSFS, 4)],
)
def test_the_band_is_the_core_mic_around_the_baseline(measure, baseline):
    band = charts.mic_band(measure, baseline)
    step = MIC[measure].threshold(baseline)
    assert (band.low, band.high) == (baseline - step, baseline + step)
    assert MIC[measure].text in band.text and MIC[measure].refs[0] in band.text


def test_no_baseline_no_band():
    assert charts.mic_band(Measure.ODI, None) is None


def test_the_band_and_baseline_are_drawn_where_the_numbers_say():
    day = dt.date(2026, 11, 1)
    band = charts.mic_band(Measure.LEG_PAIN_NRS, 6)  # 30% of 6 (1.8) is less than 2 points
    step = MIC[Measure.LEG_PAIN_NRS].threshold(6)
    assert step == pytest.approx(1.8)
    svg = str(charts.line_chart("Leg", [(day, 6), (day + dt.timedelta(7), 3)], 0, 10, band))
    rect = re.search(r'<rect class="mic-band" x="\S+" y="(\S+)" width="\S+" height="(\S+)"', svg)
    top, height = float(rect.group(1)), float(rect.group(2))
    scale = (charts.HEIGHT - 2 * charts.PAD) / 10
    assert top == pytest.approx(charts.HEIGHT - charts.PAD - (6 + step) * scale, abs=0.1)
    assert height == pytest.approx(2 * step * scale, abs=0.2)
    assert 'class="baseline"' in svg and "Baseline 6" in svg


def test_the_patient_page_shows_bands_for_the_assessments_scores(world):
    html = _page(world)
    assert html.count('class="mic-band"') >= 2  # leg pain from check-ins and the leg pain score
    assert "2 points or 30%" in html and "Ostelo-2008" in html


def test_the_psfs_is_scored_per_activity_and_its_mean_is_computed(world):
    _with_psfs(world)
    html = _page(world)
    assert "Sitting through a film (at the assessment: 3)" in html
    assert '<option value="psfs_mean"' not in html  # no typed-in mean
    response = world.client("therapist").post(
        f"/patients/{world.patient_a.pk}/outcomes/psfs/",
        {"psfs-0": "6", "psfs-1": "8", "recorded_on": TODAY.isoformat()},
    )
    assert response.status_code == 302
    rows = PsfsActivityScore.objects.filter(patient=world.patient_a)
    assert sorted((r.activity, r.score) for r in rows) == [
        ("Sitting through a film", 6),
        ("Walking the dog", 8),
    ]
    mean = OutcomeScore.objects.get(patient=world.patient_a, measure="psfs_mean")
    assert mean.value == 7
    html = _page(world)
    assert "PSFS activities (0 to 10)" in html
    assert "Sitting through a film: now 6" in html and "Walking the dog: now 8" in html


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"psfs-0": "6"}, "psfs[1] (Walking the dog): &#x27;&#x27; is not a whole number"),
        ({"psfs-0": "6", "psfs-1": "11"}, "psfs[1] (Walking the dog): 11 is not a whole number"),
        ({"psfs-0": "6.5", "psfs-1": "2"}, "psfs[0] (Sitting through a film): &#x27;6.5&#x27;"),
    ],
)
def test_a_bad_activity_score_is_refused_by_name_and_nothing_is_stored(world, form, message):
    _with_psfs(world)
    client = world.client("therapist")
    response = client.post(f"/patients/{world.patient_a.pk}/outcomes/psfs/", form, follow=True)
    assert message in response.content.decode()
    assert not PsfsActivityScore.objects.exists()
    assert not OutcomeScore.objects.filter(measure="psfs_mean").exists()


def test_without_activities_the_psfs_cannot_be_scored(world):
    with pytest.raises(InvalidInput, match="named no activities"):
        outcomes.record_psfs(None, world.therapist, world.patient_a, {}, TODAY)
    assert "The assessment named no activities" in _page(world)


def test_an_activity_the_patient_did_not_name_is_refused(world):
    _with_psfs(world)
    scores = {"Sitting through a film": 5, "Walking the dog": 5, "Golf": 2}
    with pytest.raises(InvalidInput, match="'Golf' is not one of the patient's activities"):
        outcomes.record_psfs(None, world.therapist, world.patient_a, scores, TODAY)


def test_the_api_scores_each_activity_as_the_page_does(world):
    _with_psfs(world)
    client = world.client("therapist")
    url = f"/api/patients/{world.patient_a.pk}/outcomes/psfs"
    body = {
        "recorded_on": TODAY.isoformat(),
        "scores": [
            {"activity": "Sitting through a film", "score": 4},
            {"activity": "Walking the dog", "score": 9},
        ],
    }
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert {r["activity"]: r["score"] for r in response.json()} == {
        "Sitting through a film": 4,
        "Walking the dog": 9,
    }
    assert OutcomeScore.objects.get(measure="psfs_mean").value == 6.5
    body["scores"][1]["score"] = "nine"
    bad = client.post(url, body, content_type="application/json")
    assert bad.status_code == 422
    assert any("psfs[1] (Walking the dog)" in str(p) for p in bad.json()["detail"])
