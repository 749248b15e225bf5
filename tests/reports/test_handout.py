"""The home-program handout: who, when, each exercise with drawing, dose, steps and when to
stop, the flare-up plan, the boxed warning signs and the disclaimer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sciatica_pt import knowledge
from sciatica_pt.core.errors import InvalidInput
from sciatica_pt.core.result import Plan, PlanItem, PlanStatus
from sciatica_pt.core.vocabulary import ItemClass, Kind, Setting
from sciatica_pt.reports.handout import handout_pdf
from sciatica_pt.reports.patient_text import dose_text
from sciatica_pt.reports.pdf import Document
from tests.reports.helpers import EXAMPLES, pdf_pages, plan_of, run_cli

DAY = dt.date(2026, 11, 22)
KB = knowledge.load()


def _handout(plan: Plan, patient: str = "Ana Silva") -> bytes:
    return handout_pdf(plan, KB, "Riverside Physio", patient, DAY)


def test_it_names_the_clinic_the_patient_and_the_date_on_the_first_page(tmp_path: Path) -> None:
    first = pdf_pages(_handout(plan_of("disc-extension-preference.yaml")), tmp_path)[0]
    assert "Riverside Physio" in first
    assert "Ana Silva" in first
    assert "2026-11-22" in first


def test_every_home_exercise_has_its_steps_dose_and_stop_signs(tmp_path: Path) -> None:
    plan = plan_of("disc-extension-preference.yaml")
    text = " ".join(pdf_pages(_handout(plan), tmp_path))
    exercises = [p for p in plan.items if p.kind is Kind.EXERCISE]
    assert exercises
    for planned in exercises:
        item = KB.item(planned.id)
        assert planned.name in text
        assert dose_text(planned.dosage) in text
        assert item.instructions.steps[0][:40] in text
    assert text.count("Stop and contact your therapist if:") == len(
        [p for p in plan.items if p.delivered_by == "patient" and p.kind is not Kind.ADVICE]
    )


def test_it_carries_the_flare_up_plan_the_warning_box_and_the_disclaimer(tmp_path: Path) -> None:
    pages = pdf_pages(_handout(plan_of("disc-extension-preference.yaml")), tmp_path)
    text = " ".join(pages)
    assert "If your pain flares up" in text
    assert text.count("Warning signs: get help now") == 2  # on the cover and at the end
    assert "go to an emergency department now" in text
    assert all("not a diagnosis" in page for page in pages)
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]


def test_a_unicode_patient_name_is_printed_as_written(tmp_path: Path) -> None:
    data = _handout(plan_of("disc-extension-preference.yaml"), patient="Łukasz Żółć")
    assert "Łukasz Żółć" in pdf_pages(data, tmp_path)[0]


def test_a_withheld_plan_says_the_program_is_on_hold_and_shows_no_exercise(
    tmp_path: Path,
) -> None:
    plan = plan_of("cauda-equina-emergency.yaml")
    assert plan.status is PlanStatus.WITHHELD
    text = " ".join(pdf_pages(_handout(plan), tmp_path))
    assert "program is on hold" in text
    assert "Warning signs: get help now" in text
    assert "Dose:" not in text


def test_the_same_input_gives_the_same_bytes() -> None:
    plan = plan_of("disc-extension-preference.yaml")
    assert _handout(plan) == _handout(plan)


def test_it_rejects_an_item_missing_from_the_knowledge_base_naming_its_path() -> None:
    ghost = PlanItem(
        id="moon-walk",
        item_class=ItemClass.WALKING_PROGRAM,
        kind=Kind.EXERCISE,
        setting=Setting.HOME,
        name="Moon walk",
        why=("test",),
        refs=("NICE-NG59",),
    )
    plan = Plan(status=PlanStatus.ACTIVE, items=(ghost,))
    with pytest.raises(InvalidInput, match=r"plan.items\[0\].id: 'moon-walk'"):
        _handout(plan)


@pytest.mark.parametrize(
    ("clinic", "patient", "day", "message"),
    [
        ("Riverside", "  ", DAY, "patient_name"),
        ("", "Ana", DAY, "clinic_name"),
        ("Riverside", "Ana", "2026-11-22", "date: '2026-11-22' is not a date"),
        ("Riverside", "Ana", dt.datetime(2026, 11, 22, 9), "date"),
    ],
)
def test_it_rejects_bad_arguments_naming_them(
    clinic: str, patient: str, day: object, message: str
) -> None:
    plan = plan_of("disc-extension-preference.yaml")
    with pytest.raises(InvalidInput, match=message):
        handout_pdf(plan, KB, clinic, patient, day)  # type: ignore[arg-type]


def test_the_handout_command_writes_the_pdf(tmp_path: Path) -> None:
    out = tmp_path / "handout.pdf"
    done = run_cli(
        "handout", str(EXAMPLES / "disc-extension-preference.yaml"), "-o", str(out),
        "--patient", "Łukasz Żółć", "--date", "2026-11-22",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Łukasz Żółć" in pdf_pages(out.read_bytes(), tmp_path)[0]


def test_the_handout_command_rejects_a_bad_date_naming_the_option(tmp_path: Path) -> None:
    out = tmp_path / "handout.pdf"
    done = run_cli("handout", str(EXAMPLES / "disc-extension-preference.yaml"), "-o", str(out),
                "--date", "22/11/2026")  # fmt: skip
    assert done.returncode == 2
    assert "--date: '22/11/2026' is not a date" in done.stderr
    assert not out.exists()


def test_each_home_exercise_gets_its_drawing(monkeypatch: pytest.MonkeyPatch) -> None:
    drawn: list[str] = []
    original = Document.svg

    def spy(self: Document, svg_text: str, x: float, y: float, w: float) -> float:
        drawn.append(svg_text)
        return original(self, svg_text, x, y, w)

    monkeypatch.setattr(Document, "svg", spy)
    plan = plan_of("stenosis.yaml")
    _handout(plan)
    exercises = [p for p in plan.items if p.kind is Kind.EXERCISE]
    assert len(drawn) == len(exercises)
    for planned, svg in zip(exercises, drawn, strict=True):
        assert f">{planned.name}: start and end positions</title>" in svg
