"""Adherence per item and overall, and the alert when a patient stops logging."""

from sciatica_pt.core.followup.adherence import STOPPED_LOGGING_DAYS
from sciatica_pt.core.followup.review import review

from .builders import day, done, good_day, kb, program


def test_adherence_counts_sessions_done_against_the_prescription():
    # ext-easy is 2 a day; core-brace 1 a day; over days 0..6 (7 days)
    days = [good_day(n, "ext-easy", "core-brace") for n in range(1, 7)]
    result = review(program("ext-easy", "core-brace"), days, [], kb(), day(6))
    rows = {r.item_id: r for r in result.adherence.items}
    assert (rows["ext-easy"].prescribed, rows["ext-easy"].done) == (14, 12)
    assert (rows["core-brace"].prescribed, rows["core-brace"].done) == (7, 12)
    assert rows["core-brace"].ratio == 1.71
    assert result.adherence.overall == round((12 / 14 + 1.0) / 2, 2)  # capped at 1 per item


def test_skipped_items_lower_adherence_and_low_adherence_is_flagged():
    skipped = done("ext-easy", done=False, sessions=0, skipped_reason="busy")
    days = [good_day(n, items=skipped) for n in range(1, 7)]
    result = review(program(), days, [], kb(), day(6))
    assert result.adherence.overall == 0
    assert any(a.rule == "adherence.low" for a in result.alerts)


def test_a_patient_who_stops_logging_raises_an_alert():
    days = [good_day(n) for n in (1, 2)]
    result = review(program(), days, [], kb(), day(2 + STOPPED_LOGGING_DAYS))
    alert = next(a for a in result.alerts if a.rule == "adherence.stopped-logging")
    assert f"{STOPPED_LOGGING_DAYS} days" in alert.message
    assert "warning signs" in alert.action_now


def test_six_quiet_days_are_not_yet_a_stopped_logger():
    result = review(program(), [good_day(1)], [], kb(), day(1 + STOPPED_LOGGING_DAYS - 1))
    assert not any(a.rule == "adherence.stopped-logging" for a in result.alerts)


def test_no_check_in_at_all_a_week_after_the_start_raises_the_alert():
    result = review(program(), [], [], kb(), day(STOPPED_LOGGING_DAYS))
    assert any(a.rule == "adherence.stopped-logging" for a in result.alerts)


def test_a_review_before_today_is_logged_does_not_count_today_as_missed():
    days = [good_day(n) for n in range(0, 6)]  # 2 a day, every day up to yesterday
    result = review(program(), days, [], kb(), day(6))
    assert result.adherence.window_end == day(5)
    assert result.adherence.overall == 1.0


# --- issue 17 item 9: adherence counts only the days the program (and the item) existed ---


def test_no_low_adherence_alert_on_the_programs_first_day():
    first = good_day(0, items=done("core-brace", sessions=1))  # the morning, on day one
    result = review(program("ext-easy", "core-brace", "flex-sit"), [first], [], kb(), day(0))
    assert (result.adherence.window_start, result.adherence.window_end) == (day(0), day(0))
    assert not any(a.rule == "adherence.low" for a in result.alerts)


def test_the_low_adherence_alert_names_the_days_it_measured_not_fourteen():
    skipped = done("ext-easy", done=False, sessions=0, skipped_reason="busy")
    days = [good_day(n, items=skipped) for n in range(0, 8)]
    result = review(program(), days, [], kb(), day(8))
    low = next(a for a in result.alerts if a.rule == "adherence.low")
    assert "8 days" in low.message and "14" not in low.message


def test_an_item_that_replaced_another_is_measured_only_from_the_day_after_it_came():
    # day 5: ext-mid hurts and is replaced by ext-easy; the day's sessions were ext-mid's
    days = [good_day(n, "ext-mid") for n in range(0, 5)]
    days.append(good_day(5, items=done("ext-mid", pain_during=8)))
    result = review(program("ext-mid"), days, [], kb(), day(6))
    assert [i.item_id for i in result.program.items] == ["ext-easy"]
    assert not any(r.item_id == "ext-easy" and r.ratio == 0 for r in result.adherence.items)
    assert not any(a.rule == "adherence.low" for a in result.alerts)
