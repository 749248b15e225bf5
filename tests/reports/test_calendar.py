"""The home program as an .ics file: it parses with icalendar, has one recurring event per
session slot and one daily reminder at the patient's time (the only alarm), UIDs of its own
patient and program, DTSTAMP and SEQUENCE as RFC 5545 asks, and rejects what it cannot
schedule."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from icalendar import Calendar

from sciatica_pt import knowledge
from sciatica_pt.core.errors import InvalidInput
from sciatica_pt.core.knowledge import Dosage
from sciatica_pt.core.result import Plan, PlanItem, PlanStatus
from sciatica_pt.core.vocabulary import Direction, ItemClass, Kind, Setting
from sciatica_pt.reports.calendar import REMINDER_SUMMARY, program_ics, session_times
from tests.reports.helpers import EXAMPLES, plan_of, run_cli

KB = knowledge.load()
MONDAY = dt.date(2026, 11, 23)
NOW = dt.datetime(2026, 11, 22, 18, 30, 5, tzinfo=dt.timezone(dt.timedelta(hours=1)))
PATIENT = "https://clinic-a.example.org/sid/patient|17"


def ics(plan: Plan, start: dt.date = MONDAY, **identity: object) -> bytes:
    fields: dict[str, object] = {"patient": PATIENT, "program": "p1", "now": NOW, **identity}
    return program_ics(plan, KB, start, **fields)  # type: ignore[arg-type]


def _item(item_id: str, dosage: Dosage) -> PlanItem:
    kb_item = KB.item(item_id)
    return PlanItem(
        id=item_id,
        item_class=kb_item.item_class,
        kind=kb_item.kind,
        direction=kb_item.direction,
        setting=kb_item.setting,
        name=kb_item.name,
        dosage=dosage,
        why=("test",),
        refs=("NICE-NG59",),
    )


def _all_events(plan: Plan, start: dt.date = MONDAY, **identity: object) -> list:  # type: ignore[type-arg]
    calendar = Calendar.from_ical(ics(plan, start, **identity))
    return list(calendar.walk("VEVENT"))


def _events(plan: Plan, start: dt.date = MONDAY, **identity: object) -> list:  # type: ignore[type-arg]
    """The session events (the daily reminder left out)."""
    return [e for e in _all_events(plan, start, **identity) if not _is_reminder(e)]


def _is_reminder(event) -> bool:  # type: ignore[no-untyped-def]
    return str(event["SUMMARY"]) == REMINDER_SUMMARY


def _uids(plan: Plan, **identity: object) -> set[str]:
    return {str(e["UID"]) for e in _events(plan, **identity)}


def test_three_a_day_and_three_a_week_make_four_recurring_events_and_one_reminder() -> None:
    plan = Plan(
        status=PlanStatus.ACTIVE,
        items=(
            _item("prone-press-up", Dosage(sets=1, reps=10, per_day=3)),
            _item("walking-program", Dosage(minutes=20, per_week=3)),
        ),
    )
    events = _events(plan)
    assert len(events) == 4
    assert all(not e.walk("VALARM") for e in events)  # sessions do not ring
    (reminder,) = [e for e in _all_events(plan) if _is_reminder(e)]
    assert len(reminder.walk("VALARM")) == 1
    rules = [e["RRULE"] for e in events]
    assert sum(r["FREQ"] == ["DAILY"] for r in rules) == 3
    weekly = [r for r in rules if r["FREQ"] == ["WEEKLY"]]
    assert [r["BYDAY"] for r in weekly] == [["MO", "WE", "FR"]]
    starts = sorted(e.decoded("DTSTART").time() for e in events if e["RRULE"]["FREQ"] == ["DAILY"])
    assert starts == [dt.time(8), dt.time(14), dt.time(20)]


def test_items_due_at_the_same_time_share_one_event() -> None:
    plan = Plan(
        status=PlanStatus.ACTIVE,
        items=(
            _item("prone-press-up", Dosage(sets=1, reps=10, per_day=2)),
            _item("glute-bridge", Dosage(sets=2, reps=10, per_day=2)),
        ),
    )
    events = _events(plan)
    assert len(events) == 2
    for event in events:
        assert KB.item("prone-press-up").name in str(event["DESCRIPTION"])
        assert KB.item("glute-bridge").name in str(event["DESCRIPTION"])
    assert all("emergency department" in str(e["DESCRIPTION"]) for e in events)


def test_the_engines_plan_exports_and_parses() -> None:
    events = _events(plan_of("disc-extension-preference.yaml"))
    assert events
    assert all(e.decoded("DTSTART").date() >= MONDAY for e in events)


def test_uids_are_stable_and_unique() -> None:
    plan = plan_of("disc-extension-preference.yaml")
    first = [str(e["UID"]) for e in _events(plan)]
    assert first == [str(e["UID"]) for e in _events(plan)]
    assert len(set(first)) == len(first)


def test_the_same_input_gives_the_same_bytes() -> None:
    plan = plan_of("disc-extension-preference.yaml")
    assert ics(plan) == ics(plan)


def test_two_patients_with_the_same_program_share_no_uid() -> None:
    plan = plan_of("disc-extension-preference.yaml")
    other_patient = _uids(plan, patient="https://clinic-a.example.org/sid/patient|18")
    same_id_other_clinic = _uids(plan, patient="https://clinic-b.example.org/sid/patient|17")
    assert _uids(plan).isdisjoint(other_patient)
    assert _uids(plan).isdisjoint(same_id_other_clinic)
    assert other_patient.isdisjoint(same_id_other_clinic)


def test_a_new_program_for_the_same_patient_shares_no_uid() -> None:
    plan = plan_of("disc-extension-preference.yaml")
    assert _uids(plan).isdisjoint(_uids(plan, program="p2"))


def _press_ups(reps: int) -> Plan:
    dose = Dosage(sets=1, reps=reps, per_day=2)
    return Plan(status=PlanStatus.ACTIVE, items=(_item("prone-press-up", dose),))


def test_a_reissued_program_with_a_changed_dose_keeps_its_uids_and_raises_sequence() -> None:
    first = _events(_press_ups(10))
    later = NOW + dt.timedelta(days=3)
    reissued = _events(_press_ups(15), now=later, sequence=1)
    assert [str(e["UID"]) for e in first] == [str(e["UID"]) for e in reissued]
    assert [e.decoded("SEQUENCE") for e in first] == [0, 0]
    assert [e.decoded("SEQUENCE") for e in reissued] == [1, 1]
    assert all("15" in str(e["DESCRIPTION"]) for e in reissued)
    assert {e.decoded("DTSTAMP") for e in reissued} == {later.astimezone(dt.UTC)}


def test_dtstamp_is_when_the_file_was_made_in_utc_not_the_start_date() -> None:
    (event, _) = _events(_press_ups(10))
    assert event.decoded("DTSTAMP") == dt.datetime(2026, 11, 22, 17, 30, 5, tzinfo=dt.UTC)
    assert b"DTSTAMP:20261122T173005Z" in ics(_press_ups(10))


@pytest.mark.parametrize(
    ("identity", "message"),
    [
        ({"now": dt.datetime(2026, 11, 22, 18, 30)}, "now: .* is not a date and time with a time"),
        ({"now": MONDAY}, "now: .* is not a date and time"),
        ({"sequence": -1}, "sequence: -1 is not a whole number of 0 or more"),
        ({"sequence": True}, "sequence: True is not a whole number"),
        ({"patient": " "}, "patient: must be a non-empty text"),
        ({"program": None}, "program: must be a non-empty text"),
    ],
)
def test_it_rejects_an_identity_it_cannot_stamp(identity: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        ics(_press_ups(10), **identity)


def test_one_reminder_a_day_at_the_chosen_time_lists_every_exercise() -> None:
    plan = Plan(
        status=PlanStatus.ACTIVE,
        items=(
            _item("prone-press-up", Dosage(sets=1, reps=10, per_day=8)),
            _item("walking-program", Dosage(minutes=20, per_week=3)),
        ),
    )
    events = _all_events(plan, reminder=dt.time(7, 30))
    alarms = [a for e in events for a in e.walk("VALARM")]
    assert len(alarms) == 1  # 8 sessions a day and a walk, one reminder
    (reminder,) = [e for e in events if e.walk("VALARM")]
    assert reminder.decoded("DTSTART") == dt.datetime.combine(MONDAY, dt.time(7, 30))
    assert reminder["RRULE"]["FREQ"] == ["DAILY"]
    assert "Prone press-up" in str(reminder["DESCRIPTION"])
    assert KB.item("walking-program").name in str(reminder["DESCRIPTION"])
    default = [e for e in _all_events(plan) if e.walk("VALARM")]
    assert [e.decoded("DTSTART").time() for e in default] == [dt.time(18, 0)]


def test_another_reminder_time_updates_the_same_event() -> None:
    plan = _press_ups(10)
    at_seven = {str(e["UID"]) for e in _all_events(plan, reminder=dt.time(7))}
    at_nine = {str(e["UID"]) for e in _all_events(plan, reminder=dt.time(21))}
    assert at_seven == at_nine


@pytest.mark.parametrize("reminder", ["18:00", dt.time(18, tzinfo=dt.UTC), None])
def test_it_rejects_a_reminder_that_is_not_a_local_time(reminder: object) -> None:
    with pytest.raises(InvalidInput, match=r"reminder: .* is not a local time of day"):
        ics(_press_ups(10), reminder=reminder)


def test_weekly_sessions_start_on_the_first_matching_day() -> None:
    plan = Plan(
        status=PlanStatus.ACTIVE,
        items=(_item("walking-program", Dosage(minutes=20, per_week=1)),),
    )
    (event,) = _events(plan, start=dt.date(2026, 11, 25))  # a Wednesday
    assert event.decoded("DTSTART").date() == dt.date(2026, 11, 30)  # the next Monday


@pytest.mark.parametrize(
    ("per_day", "times"),
    [
        (1, ["09:00"]),
        (2, ["08:00", "20:00"]),
        (6, ["08:00", "10:30", "13:00", "15:00", "17:30", "20:00"]),
    ],
)
def test_sessions_spread_over_the_waking_day(per_day: int, times: list[str]) -> None:
    assert [t.strftime("%H:%M") for t in session_times(per_day)] == times


def test_a_withheld_plan_has_nothing_to_schedule_and_says_so() -> None:
    with pytest.raises(InvalidInput, match=r"plan: no home exercise .* \(status withheld\)"):
        ics(plan_of("cauda-equina-emergency.yaml"))


def test_it_rejects_a_start_that_is_not_a_date() -> None:
    plan = plan_of("disc-extension-preference.yaml")
    with pytest.raises(InvalidInput, match="start: '2026-11-23' is not a date"):
        ics(plan, "2026-11-23")  # type: ignore[arg-type]


def test_it_rejects_an_unknown_item() -> None:
    ghost = PlanItem(
        id="moon-walk", item_class=ItemClass.WALKING_PROGRAM, kind=Kind.EXERCISE,
        direction=Direction.NEUTRAL, setting=Setting.HOME, name="Moon walk",
        dosage=Dosage(per_day=1), why=("test",), refs=("NICE-NG59",),
    )  # fmt: skip
    with pytest.raises(InvalidInput, match=r"plan.items\[0\].id: 'moon-walk'"):
        ics(Plan(status=PlanStatus.ACTIVE, items=(ghost,)))


def test_the_calendar_command_writes_the_file(tmp_path: Path) -> None:
    out = tmp_path / "program.ics"
    done = run_cli("calendar", str(EXAMPLES / "disc-extension-preference.yaml"), "-o", str(out),
                "--start", "2026-11-23")  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert Calendar.from_ical(out.read_bytes()).walk("VEVENT")


def _cli_events(tmp_path: Path, *options: str) -> list:  # type: ignore[type-arg]
    out = tmp_path / "program.ics"
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    done = run_cli("calendar", str(EXAMPLES / "disc-extension-preference.yaml"), "-o", str(out),
                   "--start", "2026-11-23", *options)  # fmt: skip
    assert done.returncode == 0, done.stderr
    events = list(Calendar.from_ical(out.read_bytes()).walk("VEVENT"))
    assert all(e.decoded("DTSTAMP") >= before for e in events)  # made now, not at the start
    return events


def test_the_calendar_command_keeps_patients_apart_and_raises_sequence(tmp_path: Path) -> None:
    first = _cli_events(tmp_path, "--patient-id", "17")
    other = _cli_events(tmp_path, "--patient-id", "18")
    reissued = _cli_events(tmp_path, "--patient-id", "17", "--sequence", "2")
    assert {str(e["UID"]) for e in first}.isdisjoint(str(e["UID"]) for e in other)
    assert [str(e["UID"]) for e in first] == [str(e["UID"]) for e in reissued]
    assert {e.decoded("SEQUENCE") for e in reissued} == {2}


def test_the_calendar_command_rejects_a_bad_start(tmp_path: Path) -> None:
    done = run_cli("calendar", str(EXAMPLES / "disc-extension-preference.yaml"), "-o",
                str(tmp_path / "x.ics"), "--start", "tomorrow")  # fmt: skip
    assert done.returncode == 2
    assert "--start: 'tomorrow' is not a date" in done.stderr
