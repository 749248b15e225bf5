"""The patient education library: twelve topics, plain language, facts only from the notes."""

import pytest

from sciatica_pt.core.vocabulary import ItemClass

TOPICS = {
    "staying-active": ItemClass.EDUCATION_STAY_ACTIVE,
    "warning-signs": ItemClass.RED_FLAG_SAFETY_NET,
    "posture-and-ergonomics": ItemClass.POSTURE_ERGONOMICS_EDUCATION,
    "lifting": ItemClass.LIFTING_MECHANICS_EDUCATION,
    "sleep-positions": ItemClass.SLEEP_POSITION_EDUCATION,
    "sciatica-in-pregnancy": ItemClass.PREGNANCY_ADVICE,
    "flare-up-plan": ItemClass.FLARE_UP_PLAN,
    "how-pain-works": ItemClass.PAIN_NEUROSCIENCE_EDUCATION,
    "medication-questions": ItemClass.MEDICATION_REVIEW_REFERRAL,
    "insurance-and-prescriptions": None,
    "what-to-expect-from-physical-therapy": None,
    "returning-to-work": ItemClass.RETURN_TO_WORK_PLAN,
}


def _topic(kb, topic_id):
    return next(t for t in kb.education if t.id == topic_id)


def _body(kb, topic_id) -> str:
    return " ".join(_topic(kb, topic_id).body)


def test_the_library_has_exactly_the_twelve_topics(shipped_kb):
    assert {t.id for t in shipped_kb.education} == set(TOPICS)


@pytest.mark.parametrize("topic_id", sorted(TOPICS))
def test_each_topic_links_to_its_advice_class_where_one_exists(shipped_kb, topic_id):
    assert _topic(shipped_kb, topic_id).plan_class == TOPICS[topic_id]


@pytest.mark.parametrize("topic_id", sorted(TOPICS))
def test_each_topic_has_three_key_points_and_a_body_of_short_paragraphs(shipped_kb, topic_id):
    topic = _topic(shipped_kb, topic_id)
    assert len(topic.key_points) >= 3
    assert len(topic.body) >= 3
    assert all(len(p) <= 500 for p in topic.body), "paragraphs stay short for patients"


def test_the_natural_history_figures_are_the_ones_in_the_notes(shipped_kb):
    body = _body(shipped_kb, "staying-active")
    assert "283 people" in body and "6 to 12 weeks" in body and "95 in every 100" in body
    assert "55 in every 100" in body and "12 months" in body
    assert {"Peul-2007", "Konstantinou-2018"} <= set(_topic(shipped_kb, "staying-active").refs)


def test_the_warning_signs_topic_says_go_to_the_emergency_department_now(shipped_kb):
    text = " ".join(_topic(shipped_kb, "warning-signs").key_points).lower()
    assert "emergency department" in text and "any one" in text


def test_the_insurance_topic_states_no_rule_and_says_it_varies(shipped_kb):
    topic = _topic(shipped_kb, "insurance-and-prescriptions")
    text = topic.summary + " " + " ".join(topic.key_points) + " " + _body(shipped_kb, topic.id)
    assert "varies by country" in text and "insurer and plan" in text
    assert "we do not state a rule" in text


def test_medication_questions_go_to_the_doctor_or_pharmacist(shipped_kb):
    assert "doctor or pharmacist" in _topic(shipped_kb, "medication-questions").summary


def test_bodies_use_plain_language_not_clinical_jargon(shipped_kb):
    jargon = ("radiculopathy", "peripheraliz", "contraindicat", "neurodynamic", "MSCC")
    for topic in shipped_kb.education:
        text = " ".join(topic.body)
        assert not [w for w in jargon if w in text], topic.id
