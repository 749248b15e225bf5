"""Program and check-in file data: strict, and every problem named by its field path."""

import pytest

from sciatica_pt.core.errors import InvalidInput
from sciatica_pt.core.followup.models import ProgramStatus
from sciatica_pt.core.followup.review import review
from sciatica_pt.core.followup.start import parse_checkins, parse_program

from .builders import day, good_day, kb, program


def program_data(**changes):
    data = {
        "patient": "PT-1",
        "start": "2026-01-05",
        "items": [
            {
                "item_id": "ext-easy",
                "name": "Ext easy",
                "kind": "exercise",
                "direction": "extension",
                "dosage": {"hold_seconds": 60, "reps": 1, "per_day": 2},
                "since": "2026-01-05",
            }
        ],
    }
    data.update(changes)
    return data


def checkin_data(**changes):
    data = {
        "date": "2026-01-06",
        "back_pain": 3,
        "leg_pain": 4,
        "warning_signs": {
            "saddle_numbness": False,
            "bladder_change": False,
            "bowel_change": False,
            "sexual_change": False,
            "both_legs": False,
            "new_or_spreading_weakness": False,
        },
    }
    data.update(changes)
    return data


def problems(call, data):
    with pytest.raises(InvalidInput) as caught:
        call(data)
    return caught.value.problems


def test_a_valid_program_parses_with_defaults():
    parsed = parse_program(program_data())
    assert parsed.status is ProgramStatus.ACTIVE and parsed.items[0].dosage.per_day == 2


def test_yaml_dates_are_accepted_as_dates():
    from datetime import date

    assert parse_program(program_data(start=date(2026, 1, 5))).start == date(2026, 1, 5)


def test_an_unknown_program_field_is_rejected_by_path():
    assert problems(parse_program, program_data(colour="red")) == [
        "program.colour: is not a known field"
    ]


def test_a_bad_dose_is_rejected_by_path_not_clamped():
    data = program_data()
    data["items"][0]["dosage"]["per_day"] = 40
    assert problems(parse_program, data) == ["program.items[0].dosage.per_day: 40 is above 12"]


def test_a_pain_score_above_ten_is_rejected_by_path():
    found = problems(parse_checkins, {"checkins": [checkin_data(leg_pain=14)]})
    assert found == ["checkins[0].leg_pain: 14 is above 10"]


def test_a_missing_warning_sign_question_is_required_not_assumed():
    data = checkin_data()
    del data["warning_signs"]["saddle_numbness"]
    found = problems(parse_checkins, {"checkins": [data]})
    assert found == ["checkins[0].warning_signs.saddle_numbness: is required"]


def test_text_where_a_yes_no_belongs_is_rejected():
    data = checkin_data()
    data["warning_signs"]["bladder_change"] = "no"
    found = problems(parse_checkins, {"checkins": [data]})
    assert found and found[0].startswith("checkins[0].warning_signs.bladder_change:")


def test_a_checkins_file_is_a_list_or_holds_only_checkins():
    assert parse_checkins([checkin_data()]) == parse_checkins({"checkins": [checkin_data()]})
    assert problems(parse_checkins, {"checkins": [], "extra": 1})[0].startswith("(top level)")
    assert problems(parse_checkins, "checkins")[0].startswith("(top level)")


def test_a_check_in_after_today_is_rejected():
    with pytest.raises(InvalidInput) as caught:
        review(program(), [good_day(9)], [], kb(), day(3))
    assert caught.value.problems == ["checkins[0].date: 2026-01-14 is after today (2026-01-08)"]


def test_a_logged_item_not_in_the_program_is_rejected():
    with pytest.raises(InvalidInput) as caught:
        review(program(), [good_day(1, "flex-sit")], [], kb(), day(3))
    assert caught.value.problems == [
        "checkins[0].items[0].item_id: 'flex-sit' is not in the program"
    ]


def test_a_program_item_unknown_to_the_knowledge_base_is_rejected():
    with pytest.raises(InvalidInput) as caught:
        review(program(), [], [], kb().model_copy(update={"items": ()}), day(3))
    assert caught.value.problems == [
        "program.items[0].item_id: 'ext-easy' is not in the knowledge base"
    ]


def test_a_start_back_score_needs_its_group():
    data = program_data(outcomes=[{"date": "2026-01-05", "measure": "start_back", "score": 5}])
    assert problems(parse_program, data) == [
        "program.outcomes[0]: a STarT Back entry needs its group: low, medium or high"
    ]


def test_the_next_program_in_a_review_reads_back_as_the_same_program():
    from sciatica_pt.core.followup.models import LegSymptoms

    both = ("ext-mid", "core-brace")
    days = [good_day(1, *both, next_morning=None), good_day(2, *both, flare=True, back_pain=7)]
    days.append(good_day(3, *both, leg_symptoms=LegSymptoms.PERIPHERALIZED))
    result = review(program(*both), days, [], kb(), day(5))
    assert result.program.flare is not None and result.program.banned_directions
    again = parse_program(result.to_json_dict()["program"])
    assert again == result.program
    maintenance = review(program(), [good_day(1)], [], kb(), day(2)).program
    assert parse_program(maintenance.model_dump(mode="json")) == maintenance
