"""Free slots: pure scheduling, with time zones and daylight-saving changes."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sciatica_pt.visits.slots import (
    GRID,
    DayChange,
    Hours,
    cells,
    free_slots,
    local_moment,
    on_grid,
)

CPH = ZoneInfo("Europe/Copenhagen")
LONG_AGO = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
NINE = dt.time(9)


def every_day(start: dt.time = NINE, end: dt.time = dt.time(12)) -> list[Hours]:
    return [Hours(day, start, end) for day in range(7)]


def slots_on(
    day: dt.date, hours: list[Hours], minutes: int = 30, **kw: object
) -> list[dt.datetime]:
    args = {"changes": [], "busy": [], "zone": CPH, "not_before": LONG_AGO} | kw
    return free_slots(
        hours, args["changes"], args["busy"], args["zone"], [day], minutes, args["not_before"]
    )  # type: ignore[arg-type]


def test_a_morning_of_hours_offers_every_quarter_hour_that_fits_the_visit() -> None:
    found = slots_on(dt.date(2026, 6, 1), every_day())
    assert found[0] == dt.datetime(2026, 6, 1, 9, tzinfo=CPH)
    assert found[-1] == dt.datetime(2026, 6, 1, 11, 30, tzinfo=CPH)
    assert len(found) == 11


def test_an_hour_long_visit_does_not_run_past_the_end_of_the_hours() -> None:
    found = slots_on(dt.date(2026, 6, 1), every_day(), minutes=60)
    assert found[-1] == dt.datetime(2026, 6, 1, 11, tzinfo=CPH)


def test_a_day_without_weekly_hours_has_no_slots() -> None:
    monday_only = [Hours(0, NINE, dt.time(12))]
    assert slots_on(dt.date(2026, 6, 2), monday_only) == []  # a Tuesday


def test_a_holiday_removes_the_days_hours_and_a_one_off_change_replaces_them() -> None:
    day = dt.date(2026, 6, 1)
    assert slots_on(day, every_day(), changes=[DayChange(day)]) == []
    late = slots_on(day, every_day(), changes=[DayChange(day, dt.time(15), dt.time(16))])
    assert [s.time() for s in late] == [dt.time(15), dt.time(15, 15), dt.time(15, 30)]


def test_a_booked_visit_takes_every_start_that_would_overlap_it() -> None:
    day = dt.date(2026, 6, 1)
    booked = dt.datetime(2026, 6, 1, 10, tzinfo=CPH)
    found = slots_on(day, every_day(), busy=[(booked, booked + dt.timedelta(minutes=30))])
    times = {s.time() for s in found}
    assert dt.time(9, 30) in times and dt.time(10, 30) in times
    assert not times & {dt.time(9, 45), dt.time(10), dt.time(10, 15)}


def test_nothing_is_offered_before_the_earliest_allowed_start() -> None:
    day = dt.date(2026, 6, 1)
    found = slots_on(day, every_day(), not_before=dt.datetime(2026, 6, 1, 10, 40, tzinfo=CPH))
    assert found[0] == dt.datetime(2026, 6, 1, 10, 45, tzinfo=CPH)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (dt.date(2026, 3, 28), dt.date(2026, 3, 30)),  # spring forward on Sunday 29 March
        (dt.date(2026, 10, 24), dt.date(2026, 10, 26)),  # fall back on Sunday 25 October
    ],
)
def test_a_weekly_nine_oclock_stays_nine_oclock_local_across_a_daylight_saving_change(
    before: dt.date, after: dt.date
) -> None:
    first, second = slots_on(before, every_day())[0], slots_on(after, every_day())[0]
    assert first.astimezone(CPH).time() == second.astimezone(CPH).time() == NINE
    offset_change = second.astimezone(dt.UTC).time() != first.astimezone(dt.UTC).time()
    assert offset_change  # the same wall time is a different UTC time


def test_a_slot_inside_the_spring_forward_gap_does_not_exist() -> None:
    night = [Hours(6, dt.time(1), dt.time(4))]  # Sundays 01:00-04:00
    found = slots_on(dt.date(2026, 3, 29), night)
    walls = {s.astimezone(CPH).strftime("%H:%M") for s in found}
    assert not any(w.startswith("02:") for w in walls)
    assert "01:00" in walls and "03:00" in walls
    # and no visit runs across the jump: 01:30 + 30 min would end at 03:00 wall time
    assert "01:30" not in walls
    assert local_moment(dt.date(2026, 3, 29), dt.time(2, 30), CPH) is None


def test_a_slot_in_the_repeated_autumn_hour_is_offered_once() -> None:
    night = [Hours(6, dt.time(1), dt.time(4))]
    found = slots_on(dt.date(2026, 10, 25), night)
    assert len(found) == len(set(found))
    assert len({s.astimezone(dt.UTC) for s in found}) == len(found)


def test_the_grid_cells_of_a_visit_cover_it_in_utc() -> None:
    start = dt.datetime(2026, 6, 1, 9, tzinfo=CPH)
    covered = cells(start, 60)
    assert covered[0] == start and len(covered) == 4
    assert all(c.tzinfo is dt.UTC and on_grid(c) for c in covered)
    with pytest.raises(ValueError, match="15 minutes"):
        cells(start, 20)


def test_a_time_off_the_quarter_hour_is_not_on_the_grid() -> None:
    assert not on_grid(dt.datetime(2026, 6, 1, 9, 10, tzinfo=CPH))
    assert on_grid(dt.datetime(2026, 6, 1, 9, 45, tzinfo=ZoneInfo("Asia/Kathmandu")))


ZONES = ["Europe/Copenhagen", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "UTC"]


@given(
    zone=st.sampled_from(ZONES),
    day=st.dates(dt.date(2026, 1, 1), dt.date(2027, 12, 31)),
    minutes=st.sampled_from([15, 30, 45, 60]),
    booked=st.lists(st.tuples(st.integers(0, 95), st.integers(1, 8)), max_size=6),
)
def test_every_offered_slot_is_on_the_grid_inside_the_hours_and_clear_of_bookings(
    zone: str, day: dt.date, minutes: int, booked: list[tuple[int, int]]
) -> None:
    tz = ZoneInfo(zone)
    midnight = dt.datetime.combine(day, dt.time(), tzinfo=tz).astimezone(dt.UTC)
    busy = [(midnight + GRID * a, midnight + GRID * (a + n)) for a, n in booked]
    hours = [Hours(d, dt.time(0, 0), dt.time(23, 45)) for d in range(7)]
    found = free_slots(hours, [], busy, tz, [day], minutes, LONG_AGO)
    length = dt.timedelta(minutes=minutes)
    assert len(set(found)) == len(found)
    for start in found:
        assert on_grid(start) and start.astimezone(tz).date() == day
        assert local_moment(day, start.astimezone(tz).time(), tz) is not None
        assert not any(s < start + length and start < e for s, e in busy)


def test_the_slot_computation_imports_nothing_but_the_standard_library() -> None:
    import ast
    import pathlib
    import sys

    from sciatica_pt.visits import slots

    tree = ast.parse(pathlib.Path(slots.__file__).read_text(encoding="utf-8"))
    imported = {
        (node.module or "").split(".")[0] if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert imported - {"__future__"} <= sys.stdlib_module_names
