"""A JSON-schema-like check of the result against spec/assessment-v1.md (keys and enums)."""

from __future__ import annotations

from typing import Any

from sciatica_pt.core.result import (
    DirectionalPreference,
    PainSource,
    PlanStatus,
    StartBackRisk,
    TriageLevel,
)
from sciatica_pt.core.vocabulary import (
    CLASSES_BY_KIND,
    Direction,
    Irritability,
    Kind,
    Setting,
    Stage,
)

ITEM_KEYS = {"id", "class", "kind", "direction", "setting", "name", "dosage", "why", "refs"}


def values(enum: Any) -> set[str]:
    return {e.value for e in enum}


def assert_matches_spec(out: dict[str, Any]) -> None:
    assert out["version"] == 1
    _triage(out["triage"])
    _classification(out["classification"])
    _plan(out["plan"])


def _triage(t: dict[str, Any]) -> None:
    assert t["level"] in values(TriageLevel)
    for f in t["findings"]:
        assert {"rule", "field", "message", "action", "refs"} <= set(f)
        assert f["refs"]
    assert all(isinstance(u, str) and u.startswith("red_flags.") for u in t["unanswered"])
    for c in t["contradictions"]:
        assert {"field", "message"} <= set(c)


def _classification(c: dict[str, Any]) -> None:
    assert c["pain_source"] in values(PainSource)
    assert c["stage"] in values(Stage)
    assert c["irritability"] in values(Irritability)
    assert c["directional_preference"] in values(DirectionalPreference)
    assert c["start_back_risk"] in values(StartBackRisk)
    assert isinstance(c["why"], list)


def _plan(p: dict[str, Any]) -> None:
    assert p["status"] in values(PlanStatus)
    for item in p["items"]:
        assert {
            "id",
            "class",
            "kind",
            "direction",
            "setting",
            "name",
            "dosage",
            "why",
            "refs",
        } <= set(item)
        assert item["kind"] in values(Kind)
        assert item["class"] in {c.value for c in CLASSES_BY_KIND[Kind(item["kind"])]}
        assert item["setting"] in values(Setting)
        if item["kind"] == "exercise":
            assert item["direction"] in values(Direction)
        else:
            assert item["direction"] is None
        assert item["why"] and item["refs"]
        if item["dosage"] is not None:
            assert None not in item["dosage"].values()
    for x in p["excluded"]:
        assert {"id", "class", "reason"} <= set(x)
        assert x["reason"]
    if p["status"] == "withheld":
        assert {i["kind"] for i in p["items"]} <= {"referral", "advice"}
