"""Properties of the engine over generated valid assessments (hypothesis)."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sciatica_pt import knowledge
from sciatica_pt.core.classification.classify import classify
from sciatica_pt.core.engine import assess
from sciatica_pt.core.intake.assessment import Movement, Response, parse_assessment
from sciatica_pt.core.intake.facts import derive_facts, unasked_facts
from sciatica_pt.core.planning.catalog import catalog_of
from sciatica_pt.core.planning.exercises import DEFAULT_MINUTES_PER_DAY, DIRECTIONAL_CLASSES
from sciatica_pt.core.planning.safety import judge
from sciatica_pt.core.planning.selection import MAX_ITEMS
from sciatica_pt.core.screening.triage import screen
from sciatica_pt.core.vocabulary import Equipment, Fact, ItemClass, Kind, Setting
from tests.core.cases import PRECAUTION_NAMES, RED_FLAG_NAMES, data
from tests.core.spec_shape import assert_matches_spec

KB = knowledge.load()
CATALOG = catalog_of(KB)
flag = st.sampled_from([True, False, None])
REQUESTS = [
    "tens",
    "mri",
    "traction",
    "massage",
    "bed rest",
    "manipulation",
    "dry needling",
    "heat",
]


@st.composite
def assessments(draw):
    female = draw(st.booleans())
    pregnant = draw(flag) if female else False
    changes = {
        "patient.age": draw(st.integers(16, 110)),
        "patient.sex": "female" if female else "male",
        "patient.pregnant": pregnant,
        "history.duration_weeks": draw(st.integers(0, 200)),
        "symptoms.back_pain_nrs": draw(st.integers(0, 10)),
        "symptoms.leg_pain_nrs": draw(st.integers(0, 10)),
        "symptoms.pain_below_knee": draw(flag),
        "symptoms.bilateral_symptoms": draw(flag),
        "exam.irritability": draw(st.sampled_from(["low", "moderate", "high", None])),
        "exam.lateral_shift": draw(st.sampled_from(["none", "left", "right"])),
        "exam.slr_positive": draw(flag),
        "exam.motor_grade_min": draw(st.integers(0, 5)),
        "exam.repeated_movements": draw(
            st.dictionaries(
                st.sampled_from([m.value for m in Movement]),
                st.sampled_from([r.value for r in Response]),
            )
        ),
        "psychosocial.start_back_total": draw(st.integers(0, 9)),
        "psychosocial.start_back_distress": 0,
        "context.equipment": draw(
            st.lists(st.sampled_from([e.value for e in Equipment]), unique=True, max_size=5)
        ),
        "context.pool_access": draw(flag),
        "context.minutes_per_day": draw(st.one_of(st.none(), st.integers(5, 120))),
        "context.dry_needling_permitted": draw(flag),
        "context.patient_requests": draw(
            st.lists(st.sampled_from(REQUESTS), unique=True, max_size=4)
        ),
    }
    if pregnant:
        changes["patient.gestation_weeks"] = draw(st.one_of(st.none(), st.integers(1, 42)))
        changes["patient.age"] = draw(st.integers(16, 50))
    for name in RED_FLAG_NAMES:
        changes[f"red_flags.{name}"] = draw(st.sampled_from([False, False, False, None, True]))
    for name in PRECAUTION_NAMES:
        changes[f"precautions.{name}"] = draw(flag)
    return parse_assessment(data(**changes))


SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(assessments())
def test_every_valid_assessment_gives_a_result_that_matches_the_spec(a):
    assert_matches_spec(assess(a, KB).to_json_dict())


@SETTINGS
@given(assessments(), st.sampled_from(RED_FLAG_NAMES))
def test_adding_a_red_flag_never_lowers_the_triage_level(a, name):
    before = screen(a).level
    raised = a.model_copy(update={"red_flags": a.red_flags.model_copy(update={name: True})})
    assert screen(raised).level.urgency >= before.urgency


@SETTINGS
@given(assessments())
def test_no_planned_item_is_contraindicated_or_gated_by_an_unasked_question(a):
    triage, c = screen(a), classify(a)
    facts, unasked = derive_facts(a, triage, c), unasked_facts(a)
    for item in assess(a, KB).plan.items:
        kb_item = CATALOG.by_id[item.id]
        verdict = judge(kb_item, CATALOG.rules.rules_for(kb_item), facts, unasked)
        assert not verdict.blocked, (item.id, verdict.blocked)


@SETTINGS
@given(assessments())
def test_the_home_program_respects_the_minutes_and_the_six_item_bound(a):
    home = [
        i
        for i in assess(a, KB).plan.items
        if i.kind is Kind.EXERCISE and i.setting is not Setting.CLINIC
    ]
    budget = a.context.minutes_per_day or DEFAULT_MINUTES_PER_DAY
    # The directional exercise stays whatever the time (issue 17), and so does balance training
    # with osteoporosis (clinical-notes §5, ROS-2022); nothing else goes past them.
    directional = [i.minutes for i in home if i.item_class in DIRECTIONAL_CLASSES]
    fragile = Fact.OSTEOPOROSIS in derive_facts(a, screen(a), classify(a))
    balance = [i.minutes for i in home if fragile and i.item_class is ItemClass.BALANCE_TRAINING]
    assert sum(i.minutes for i in home) <= max(budget, sum(directional[:1]) + sum(balance[:1]))
    assert len(home) <= MAX_ITEMS
