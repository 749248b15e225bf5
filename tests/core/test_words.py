"""Every code people can see has one display name and one plain sentence (issue 20): a new
enum value, safety rule, triage rule, follow-up rule or assessment field cannot ship without
its words, and no name is itself a code."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import typing
from enum import StrEnum
from pathlib import Path

import pytest
from pydantic import BaseModel, ValidationError

import sciatica_pt.core as core
from sciatica_pt import knowledge
from sciatica_pt.core.followup.models import CheckIn, ItemLog, WarningSigns
from sciatica_pt.core.intake.assessment import KNOWN_FACTORS, Assessment
from sciatica_pt.core.knowledge import Dosage
from sciatica_pt.core.result import PainSource, TriageLevel
from sciatica_pt.core.screening.triage import RULES as TRIAGE_RULES
from sciatica_pt.core.words import (
    Words,
    dose_in_words,
    family_of,
    name_of,
    sentence_of,
    vocabulary,
    words_for,
)

CORE = Path(core.__file__).parent
RULE_ID = re.compile(r'"([a-z]+(?:-[a-z]+)*\.[a-z0-9]+(?:-[a-z0-9]+)*)"')


def core_enums() -> dict[str, type[StrEnum]]:
    """Every StrEnum defined anywhere in core, by its family name."""
    found: dict[str, type[StrEnum]] = {}
    for info in pkgutil.walk_packages([str(CORE)], prefix="sciatica_pt.core."):
        module = importlib.import_module(info.name)
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, StrEnum) and obj is not StrEnum and obj.__module__ == info.name:
                assert found.setdefault(family_of(obj), obj) is obj, f"two enums {obj.__name__}"
    return found


def field_paths(model: type[BaseModel], prefix: str = "") -> list[str]:
    paths = []
    for name, field in model.model_fields.items():
        path = prefix + name
        paths.append(path)
        for inner in (field.annotation, *_args(field.annotation)):
            if isinstance(inner, type) and issubclass(inner, BaseModel):
                paths += field_paths(inner, path + ".")
    return paths


def _args(annotation: object) -> tuple[object, ...]:
    return tuple(a for arg in typing.get_args(annotation) for a in (arg, *typing.get_args(arg)))


def followup_rule_ids() -> set[str]:
    """Rule ids written in the follow-up and outcome rules ("pain.new-neuro", ...)."""
    sources = [*(CORE / "followup").glob("*.py"), *(CORE / "outcomes").glob("*.py")]
    return {rule for path in sources for rule in RULE_ID.findall(path.read_text("utf-8"))}


ENUMS = core_enums()
CODES = [(family, member.value) for family, enum in ENUMS.items() for member in enum]
CODES += [("triage_rule", rule.id) for rule in TRIAGE_RULES]
CODES += [("safety_rule", rule.id) for rule in knowledge.load().rules]
CODES += [("followup_rule", rule) for rule in sorted(followup_rule_ids())]
CODES += [("field", path) for path in field_paths(Assessment)]
CODES += [
    ("checkin_field", name)
    for model in (CheckIn, WarningSigns, ItemLog)
    for name in model.model_fields
]
CODES += [("dosage_field", name) for name in Dosage.model_fields]
CODES += [("factor", word) for word in sorted(KNOWN_FACTORS)]


def test_the_families_cover_hundreds_of_codes_of_every_kind() -> None:
    assert len(ENUMS) >= 36
    assert len(CODES) > 450
    assert {"ci.insensate-skin-thermal", "ces.saddle_anesthesia", "pain.new-neuro"} <= {
        code for _, code in CODES
    }


@pytest.mark.parametrize(("family", "code"), CODES, ids=[f"{f}:{c}" for f, c in CODES])
def test_every_code_has_a_name_and_a_sentence(family: str, code: str) -> None:
    words = words_for(code, family)
    assert words.name and words.sentence


def test_an_enum_family_holds_only_that_enums_values() -> None:
    stale = {
        family: set(codes) - {m.value for m in ENUMS[family]}
        for family, codes in vocabulary().items()
        if family in ENUMS
    }
    assert not any(stale.values()), stale


def test_names_are_not_codes_and_are_told_apart_within_a_family() -> None:
    for family, codes in vocabulary().items():
        names = [w.name for w in codes.values()]
        assert len(set(names)) == len(names), f"{family}: two codes share a name"
        for code, words in codes.items():
            assert words.name != code
            assert "_" not in words.name and not re.search(r"\w\.\w", words.name), code


@pytest.mark.parametrize(
    "bad",
    [
        {"name": "pt_appropriate", "sentence": "Fine."},
        {"name": "ci.insensate-skin-thermal", "sentence": "Fine."},
        {"name": "Fine", "sentence": "Odi percent is per_day."},
        {"name": "Fine", "sentence": "two sentences. Here."},
        {"name": "Fine", "sentence": "No full stop"},
    ],
)
def test_the_vocabulary_refuses_a_code_for_a_name_or_a_sentence(bad: dict[str, str]) -> None:
    with pytest.raises(ValidationError):
        Words.model_validate(bad)


def test_an_enum_member_finds_its_own_family() -> None:
    assert name_of(TriageLevel.PT_APPROPRIATE) == "Physical therapy is appropriate"
    assert name_of(PainSource.DISC_RADICULAR) == "Disc-related nerve root pain"
    assert sentence_of(TriageLevel.EMERGENCY).endswith(".")


def test_the_same_value_reads_by_its_family() -> None:
    assert name_of("none", "shift_side") == "No shift"
    assert name_of("none", "directional_preference") == "No preferred direction"


def test_fields_are_found_by_path_or_by_their_last_part() -> None:
    assert name_of("exam.slr_positive", "field") == "Straight leg raise"
    assert name_of("slr_positive") == "Straight leg raise"
    assert name_of("odi_percent", "field") == "Oswestry Disability Index (%)"
    assert name_of("minutes_per_day") == "Minutes a day for exercise"


def test_a_rule_raised_for_one_item_reads_as_its_rule() -> None:
    assert name_of("pain.peripheralization/prone-lying", "followup_rule") == name_of(
        "pain.peripheralization", "followup_rule"
    )


def test_a_word_outside_the_vocabulary_reads_without_underscores() -> None:
    assert name_of("standing_on_one_leg") == "Standing on one leg"
    assert sentence_of("standing_on_one_leg") == ""


def test_a_misspelt_family_is_an_error_not_a_silent_fallback() -> None:
    with pytest.raises(ValueError, match="triage_levels"):
        words_for("emergency", "triage_levels")


@pytest.mark.parametrize(
    ("dosage", "words"),
    [
        (Dosage(sets=1, reps=10, per_day=6), "10 times, 6 times a day"),
        (Dosage(hold_seconds=30, reps=3, per_day=2), "hold 30 seconds, 3 times, twice a day"),
        (Dosage(sets=2, reps=10, per_day=3), "2 sets of 10, 3 times a day"),
        (Dosage(hold_seconds=120, reps=1, per_day=6), "hold 2 minutes, 6 times a day"),
        (Dosage(minutes=20, per_week=3), "20 minutes, 3 times a week"),
        (Dosage(minutes=1, per_day=1), "1 minute, once a day"),
        (None, ""),
    ],
)
def test_a_dose_reads_as_people_say_it(dosage: Dosage | None, words: str) -> None:
    assert dose_in_words(dosage) == words
    assert "_" not in words and ":" not in words
