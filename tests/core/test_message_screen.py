"""The message screener measured on patient-message sentences written and labelled by hand
(tests/core/message_corpus.yaml): precision and recall per warning sign, per message (does an
alarm ring or not) and per kind of sentence, printed (`pytest -s`) and held by floors set from
the measured figures (docs/notes-reader.md, "Patients' messages")."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from sciatica_pt.core.followup import warning_signs
from sciatica_pt.core.followup.message_screen import SIGNS, message_alert, screen
from sciatica_pt.core.followup.models import Severity

CORPUS = Path(__file__).parent / "message_corpus.yaml"
NAMES = tuple(f.split(".", 1)[1] for f in SIGNS)
DAY = dt.date(2026, 3, 2)


@dataclass(frozen=True)
class Line:
    kind: str
    text: str
    signs: frozenset[str]
    heldout: bool = False


def corpus() -> tuple[Line, ...]:
    data = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    lines = tuple(
        Line(e["kind"], e["text"], frozenset(e["signs"]), bool(e.get("heldout")))
        for e in data["sentences"]
    )
    for line in lines:
        assert line.signs <= set(NAMES), line.text
        assert bool(line.signs) == (line.kind == "present"), line.text
    return lines


def found(text: str) -> frozenset[str]:
    return frozenset(f.split(".", 1)[1] for f in screen(text).signs)


def _pr(tp: int, fp: int, fn: int) -> tuple[float, float]:
    return (tp / (tp + fp) if tp + fp else 1.0, tp / (tp + fn) if tp + fn else 1.0)


def measure(lines: tuple[Line, ...]) -> tuple[dict[str, Counter[str]], Counter[str], list[str]]:
    per_sign = {name: Counter[str]() for name in NAMES}
    alarm: Counter[str] = Counter()
    errors = []
    for line in lines:
        got = found(line.text)
        for name in NAMES:
            key = {(True, True): "tp", (True, False): "fp", (False, True): "fn"}.get(
                (name in got, name in line.signs)
            )
            if key:
                per_sign[name][key] += 1
        rang, should = bool(got), bool(line.signs)
        alarm[
            {(True, True): "tp", (True, False): "fp", (False, True): "fn"}.get((rang, should), "tn")
        ] += 1
        if got != line.signs:
            errors.append(
                f"[{line.kind}] {line.text!r}: read {sorted(got)}, labelled {sorted(line.signs)}"
            )
    return per_sign, alarm, errors


def test_the_corpus_is_big_enough_and_covers_every_kind():
    lines = corpus()
    kinds = Counter(line.kind for line in lines)
    assert len(lines) >= 80
    assert set(kinds) == {"present", "negated", "historical", "hypothetical", "experiencer", "trap"}
    assert all(any(name in line.signs for line in lines) for name in NAMES)


def test_it_prints_precision_and_recall_and_holds_the_floors():
    per_sign, alarm, errors = measure(corpus())
    print("\nwarning sign                 P     R    (TP/FP/FN)")
    for name, c in per_sign.items():
        p, r = _pr(c["tp"], c["fp"], c["fn"])
        print(f"{name:26} {p:5.2f} {r:5.2f}  ({c['tp']}/{c['fp']}/{c['fn']})")
    p, r = _pr(alarm["tp"], alarm["fp"], alarm["fn"])
    counts = f"({alarm['tp']}/{alarm['fp']}/{alarm['fn']}, TN {alarm['tn']})"
    print(f"{'message alarms (any sign)':26} {p:5.2f} {r:5.2f}  {counts}")
    _, held, _ = measure(tuple(line for line in corpus() if line.heldout))
    hp, hr = _pr(held["tp"], held["fp"], held["fn"])
    print(f"{'of which held out':26} {hp:5.2f} {hr:5.2f}  ({held['tp']}/{held['fp']}/{held['fn']})")
    print("\n".join(errors))
    assert alarm["fn"] == 0, "a message stating a warning sign raised no alarm"
    assert p >= 0.95


@pytest.mark.parametrize(
    "text",
    [
        "I can't feel the toilet paper when I wipe",
        "I wet myself",
        "my foot slaps",
        "Both my legs have gone numb",
        "I've got a fever and my back is worse",
    ],
)
def test_the_plain_words_of_the_brief_raise_an_alarm(text):
    assert screen(text)


@pytest.mark.parametrize(
    "text",
    [
        "no numbness in my saddle area",
        "bladder fine",
        "the foot drop I had years ago",
        "my mum has a fever",
        "if I ever wet myself I will go to A&E",
    ],
)
def test_denied_past_hypothetical_and_other_peoples_signs_raise_nothing(text):
    assert not screen(text)


def test_the_alert_is_the_check_ins_critical_warning_sign_alert_of_that_day():
    raised = message_alert(screen("I wet myself and my foot slaps"), DAY)
    assert raised is not None
    assert raised.rule == warning_signs.STOP_RULE and raised.severity is Severity.CRITICAL
    assert raised.id == f"{warning_signs.STOP_RULE}@{DAY.isoformat()}"
    assert "bladder" in raised.message and "weakness" in raised.message
    assert raised.action_now == warning_signs.REFER_NOW
    assert set(raised.refs) >= set(warning_signs.CES_REFS)


def test_a_message_with_no_warning_sign_raises_no_alert():
    assert message_alert(screen("The bridge felt easy today."), DAY) is None
