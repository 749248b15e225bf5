"""The web app and the command line agree: every follow-up scenario of examples/followup/ run
through the web app (its program, each check-in, each score, the review day) stores the review
that `sciatica-pt review` gives on the same inputs; and an assessment gives the same result
and plan in the web app as `sciatica-pt assess`."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.contrib.auth import get_user_model
from django.test import Client
from typer.testing import CliRunner

from sciatica_pt import knowledge
from sciatica_pt.cli import app
from sciatica_pt.clinic.models import Assessment, Patient, Program, ProgramItem
from sciatica_pt.clinic.services.followup import ENGINE_FIELDS
from sciatica_pt.core.followup import models as fu
from sciatica_pt.core.followup.start import parse_checkins, parse_program
from sciatica_pt.core.result import AssessmentResult
from tests.clinic.conftest import TODAY

EXAMPLES = Path(__file__).parents[2] / "examples"
SCENARIOS = sorted(
    p.name.removesuffix("-program.yaml") for p in EXAMPLES.glob("followup/*-program.yaml")
)
WEB_MEASURES = {
    fu.Measure.LEG_PAIN_NRS: "leg_pain_nrs",
    fu.Measure.BACK_PAIN_NRS: "back_pain_nrs",
    fu.Measure.ODI: "odi_percent",
    fu.Measure.PSFS: "psfs_mean",
}
runner = CliRunner()


def _scenario(name: str) -> tuple[fu.Program, tuple[fu.CheckIn, ...], dt.date]:
    program_path = EXAMPLES / "followup" / f"{name}-program.yaml"
    text = program_path.read_text()
    checkins = parse_checkins(
        yaml.safe_load((EXAMPLES / "followup" / f"{name}-checkins.yaml").read_text())
    )
    # The day the scenario names for its review, else the day after its last check-in.
    named = re.search(r"--today (\d{4}-\d\d-\d\d)", text)
    day = (
        dt.date.fromisoformat(named.group(1))
        if named
        else max(c.date for c in checkins) + dt.timedelta(days=1)
    )
    return parse_program(yaml.safe_load(text)), checkins, day


def _web_program(program: fu.Program, world: Any) -> Patient:
    """The scenario's program as the clinic stores it: the program row and its item rows."""
    user = get_user_model().objects.create_user("scenario", password="a-long-test-password")
    patient = Patient.objects.create(
        clinic=world.clinic, therapist=world.therapist.membership, user=user, display_name="S"
    )
    row = Program.objects.create(
        patient=patient,
        status="active",
        started_on=program.start,
        followup_state=program.model_dump(mode="json", include=ENGINE_FIELDS),
    )
    kb = knowledge.load()
    for position, item in enumerate(program.items):
        ProgramItem.from_kb(
            row,
            kb.item(item.item_id),
            position=position,
            name=item.name,
            dosage=item.dosage.model_dump(exclude_none=True) if item.dosage else None,
            status=item.status.value,
            since=item.since,
            reason=item.reason or "",
        ).save()
    return patient


def _web_checkin(c: fu.CheckIn) -> dict[str, Any]:
    """A scenario's check-in as the patient sends it to the web app."""
    done = [log for log in c.items if log.done]
    before, during = c.pain_before, c.pain_during
    trend = "same"
    if before is not None and during is not None and during != before:
        trend = "worse" if during > before else "better"
    signs = c.warning_signs
    return {
        "day": c.date.isoformat(),
        "items_done": [log.item_id for log in done],
        "item_sessions": {log.item_id: log.sessions for log in done if log.sessions},
        "back_pain_nrs": c.back_pain,
        "leg_pain_nrs": c.leg_pain,
        "pain_during": trend,
        "next_morning": (c.next_morning or "same").__str__(),
        "leg_symptoms": (c.leg_symptoms or "same").__str__(),
        "pain_before_nrs": before,
        "pain_during_nrs": during,
        "new_numbness": bool(c.new_numbness or c.new_tingling),
        "new_weakness": bool(signs.new_or_spreading_weakness),
        "both_legs": bool(signs.both_legs),
        "saddle_numbness": bool(signs.saddle_numbness),
        "bladder_bowel_change": bool(signs.bladder_change or signs.bowel_change),
        "sexual_change": bool(signs.sexual_change),
        "flare": c.flare,
        "notes": c.notes or "",
    }


class Cli:
    """`sciatica-pt review` run after each event, as the web app reviews after each: the
    program it writes (--next-program) is the next run's program."""

    def __init__(self, program: fu.Program, tmp: Path) -> None:
        self.program = program.model_dump(mode="json", exclude_none=True)
        self.checkins: list[Any] = []
        self.tmp = tmp

    def review(self, day: dt.date) -> dict[str, Any]:
        paths = [self.tmp / n for n in ("program.json", "checkins.json", "next.yaml")]
        paths[0].write_text(json.dumps(self.program))
        paths[1].write_text(json.dumps({"checkins": self.checkins}))
        args = ["review", str(paths[0]), str(paths[1]), "--today", day.isoformat()]
        result = runner.invoke(app, [*args, "--format", "json", "--next-program", str(paths[2])])
        assert result.exit_code == 0, result.output
        self.program = yaml.safe_load(paths[2].read_text())
        self.program = json.loads(json.dumps(self.program, default=str))
        return json.loads(result.output)


@pytest.mark.parametrize("name", SCENARIOS)
def test_the_web_stores_the_review_the_command_line_gives(world, monkeypatch, tmp_path, name):
    program, checkins, day = _scenario(name)
    patient = _web_program(program, world)
    cli = Cli(
        program.model_copy(update={"patient": f"patient {patient.pk}", "outcomes": ()}), tmp_path
    )
    as_patient, as_therapist = Client(), Client()
    as_patient.force_login(patient.user)
    as_therapist.force_login(world.therapist)
    events = [(c.date, 0, c) for c in checkins] + [(o.date, 1, o) for o in program.outcomes]
    for when, _, event in sorted(events, key=lambda e: (e[0], e[1])):
        monkeypatch.setattr("sciatica_pt.clinic.api.routes.today", lambda when=when: when)
        if isinstance(event, fu.CheckIn):
            sent = as_patient.post("/api/me/checkins", _web_checkin(event), "application/json")
            assert sent.status_code == 201, sent.content
            cli.checkins.append(patient.checkins.get(pk=sent.json()["checkin"]["id"]).core)
        else:
            body = {"measure": WEB_MEASURES[event.measure], "value": event.score}
            body["recorded_on"] = event.date.isoformat()
            url = f"/api/patients/{patient.pk}/outcomes"
            assert as_therapist.post(url, body, "application/json").status_code == 201
            outcomes = [
                *cli.program.get("outcomes", []),
                event.model_dump(mode="json", exclude_none=True),
            ]
            cli.program["outcomes"] = sorted(outcomes, key=lambda o: o["date"])
        expected = cli.review(when)
        assert Program.objects.get(pk=patient.programs.get().pk).last_review == expected, when
    monkeypatch.setattr("sciatica_pt.clinic.api.routes.today", lambda: day)
    url = f"/api/patients/{patient.pk}/program/review"
    assert as_therapist.post(url).status_code == 200
    assert patient.programs.get().last_review == cli.review(day)


def test_recorded_scores_and_the_assessments_baselines_reach_the_stored_review(world):
    from sciatica_pt.clinic.services import outcomes

    later = TODAY + dt.timedelta(days=43)
    outcomes.record(None, world.therapist, world.patient_a, "leg_pain_nrs", 1, later, later)
    outcomes.record(None, world.therapist, world.patient_a, "back_pain_nrs", 3, later, later)
    review = world.patient_a.programs.get(is_current=True).last_review
    leg = next(o for o in review["outcomes"] if o["measure"] == "leg_pain_nrs")
    assert leg["baseline"]["score"] == 6 and leg["latest"]["score"] == 1  # the assessment's 6
    assert leg["verdict"] == "improved"
    assert "outcomes.missing" not in {d["rule"] for d in review["decisions"]}
    back = next(o for o in review["outcomes"] if o["measure"] == "back_pain_nrs")
    assert back["baseline"] == {"date": TODAY.isoformat(), "measure": "back_pain_nrs", "score": 4}


ASSESSMENTS = sorted(
    p for p in EXAMPLES.glob("*.yaml") if p.name not in {"program.yaml", "checkins.yaml"}
)


@pytest.mark.parametrize("path", ASSESSMENTS, ids=lambda p: p.stem)
def test_the_web_gives_the_plan_the_command_line_gives_for_the_same_assessment(world, path):
    cli = runner.invoke(app, ["assess", str(path), "--format", "json"])
    assert cli.exit_code == 0, cli.output
    expected = json.loads(cli.output)
    body = json.dumps(yaml.safe_load(path.read_text()), default=str)
    client = world.client("therapist")
    evaluated = client.post("/api/assess", body, "application/json")
    assert evaluated.status_code == 200, evaluated.content
    assert AssessmentResult.model_validate(evaluated.json()) == AssessmentResult.model_validate(
        expected
    )
    url = f"/api/patients/{world.patient_b.pk}/assessments"
    stored = client.post(url, body, "application/json")
    assert stored.status_code == 201, stored.content
    assert Assessment.objects.get(pk=stored.json()["id"]).result == expected


def test_the_patient_pages_charts_start_from_the_assessments_own_scores(world):
    html = world.client("therapist").get(f"/patients/{world.patient_a.pk}/").content.decode()
    # Back pain 4 is the assessment's only back-pain score: the chart starts there.
    assert f"Back pain (0-10): from 4 on {TODAY.isoformat()}" in html
