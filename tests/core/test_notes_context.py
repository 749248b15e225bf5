"""The classes of issue 17 item 3, each on a phrasing outside the corpus, and what the triage
makes of them: a plainly stated warning sign still wins over a structured "no", and a
disagreement between the notes and a field is shown as a contradiction to resolve now."""

import pytest

from sciatica_pt.core.intake.notes import NoteStatus, read_notes
from sciatica_pt.core.result import TriageLevel
from sciatica_pt.core.screening.triage import screen
from tests.core.assessments import assessment

AFFIRMED, DENIED, SILENT = NoteStatus.AFFIRMED, NoteStatus.DENIED, NoteStatus.NOT_MENTIONED


def status(text: str, finding: str) -> NoteStatus:
    reading = read_notes(text)
    found = {**reading.mentions, **reading.extra}
    return next(m.status for path, m in found.items() if path.endswith("." + finding))


CLASSES = [
    # negation after the finding, over a list of functions
    (
        "Perineal sensation, bladder function and bowel control all normal.",
        "saddle_anesthesia",
        DENIED,
    ),
    (
        "Perineal sensation, bladder function and bowel control all normal.",
        "bladder_bowel_change",
        DENIED,
    ),
    ("Anal tone and perianal sensation unremarkable.", "saddle_anesthesia", DENIED),
    # ... but never onto a finding from another test, nor when the function is lost
    ("Urinary retention and SLR negative.", "bladder_bowel_change", AFFIRMED),
    ("Numb groin, reflexes normal.", "saddle_anesthesia", AFFIRMED),
    ("No perianal sensation.", "saddle_anesthesia", AFFIRMED),
    ("Saddle sensation absent on the right.", "saddle_anesthesia", AFFIRMED),
    ("No altered perineal sensation.", "saddle_anesthesia", DENIED),
    # a function named with no finding is neither
    ("Bladder diary reviewed with the continence nurse.", "bladder_bowel_change", SILENT),
    # time: long-standing where the flag means new; past where it means now
    ("Known bilateral sciatica for several years.", "new_bilateral_symptoms", DENIED),
    (
        "Long-standing pins and needles in both feet; now also numb between the legs.",
        "new_bilateral_symptoms",
        DENIED,
    ),
    ("Previous sciatica in both legs in 2015, resolved.", "new_bilateral_symptoms", SILENT),
    # the ordinary stenosis history: months of walking-related pain in both legs is not new
    (
        "18 months of aching in both legs after 10 minutes of walking.",
        "new_bilateral_symptoms",
        DENIED,
    ),
    ("Leg symptoms on both sides for over a year, unchanged.", "new_bilateral_symptoms", DENIED),
    ("Two days of pain in both legs.", "new_bilateral_symptoms", AFFIRMED),
    ("Pain in both legs for 2 days.", "new_bilateral_symptoms", AFFIRMED),
    # a count of falls over a year is a falls history, not the trauma that began this pain
    (
        "Two falls this year when the legs gave way on a long walk, no injury.",
        "minor_trauma",
        SILENT,
    ),
    ("Fell on the ice on Monday and the back pain began.", "minor_trauma", AFFIRMED),
    (
        "Chronic bilateral leg pain, spreading in both legs since Sunday.",
        "new_bilateral_symptoms",
        AFFIRMED,
    ),
    ("Long-standing urinary urgency, unchanged.", "bladder_bowel_change", SILENT),
    ("Known stress incontinence.", "bladder_bowel_change", DENIED),
    ("Long-standing urinary incontinence, unchanged.", "bladder_bowel_change", DENIED),
    ("Fevers 4 years ago with a kidney infection.", "fever", SILENT),
    ("Previous prostate cancer, treated 2011.", "cancer_history", AFFIRMED),
    ("Known HIV since 2009.", "immunosuppressed", AFFIRMED),
    # word sense
    ("PSFS average has fallen from 6 to 3.", "minor_trauma", SILENT),
    ("Fell in the car park on Thursday.", "minor_trauma", AFFIRMED),
    ("Weight has dropped by about 4 kg, not intended.", "unexplained_weight_loss", AFFIRMED),
    # numbers between verb and unit
    ("Has lost just over 8 kg since Christmas.", "unexplained_weight_loss", AFFIRMED),
    ("Lost around half a stone.", "unexplained_weight_loss", AFFIRMED),
    # a negation does not reach across "and" onto what the note calls new
    ("No fever and new urinary retention.", "bladder_bowel_change", AFFIRMED),
    ("No fever and new urinary retention.", "fever", DENIED),
    ("Denies fever and weight loss.", "unexplained_weight_loss", DENIED),
    # a heading, a comparison or a word of the present is not the past
    ("History of presenting complaint: numb groin for 2 days.", "saddle_anesthesia", AFFIRMED),
    ("Worse since the previous session: numb groin.", "saddle_anesthesia", AFFIRMED),
    ("Known to have saddle numbness since Tuesday.", "saddle_anesthesia", AFFIRMED),
    # an examination done is not a condition
    ("Asked about bladder: retention since Sunday.", "bladder_bowel_change", AFFIRMED),
    ("Checked for saddle anaesthesia: present.", "saddle_anesthesia", AFFIRMED),
    (
        "Pt aware she has numbness in the saddle area since yesterday.",
        "saddle_anesthesia",
        AFFIRMED,
    ),
    ("Breast ca. Denies numbness.", "cancer_history", AFFIRMED),
    # patients' own words for the cauda equina features
    ("Numb bum since Tuesday.", "saddle_anesthesia", AFFIRMED),
    ("Sore bum after cycling.", "saddle_anesthesia", SILENT),
    ("Problems with his waterworks this week.", "bladder_bowel_change", AFFIRMED),
    ("Difficulty passing water.", "bladder_bowel_change", AFFIRMED),
    ("Bowel accidents x2.", "bladder_bowel_change", AFFIRMED),
    # hypothetical
    ("Knows to return if he has trouble passing urine.", "bladder_bowel_change", SILENT),
    ("Report any numbness in the saddle area straight away.", "saddle_anesthesia", SILENT),
    # experiencer, and the note turning back to the patient
    ("Her brother is on prednisolone.", "corticosteroid_use", SILENT),
    ("Husband says she has had night sweats all week.", "fever", AFFIRMED),
]


@pytest.mark.parametrize(("text", "finding", "expected"), CLASSES)
def test_each_class_is_read_as_the_clinician_meant_it(text, finding, expected):
    assert status(text, finding) is expected


# --- what the triage makes of it -----------------------------------------------------------


def test_a_plain_warning_sign_in_the_notes_wins_over_a_structured_no():
    triage = screen(assessment(notes="Saddle sensation reduced since this morning."))
    assert triage.level is TriageLevel.EMERGENCY
    assert [c.field for c in triage.contradictions] == ["red_flags.saddle_anesthesia"]
    assert "Ask again" in triage.contradictions[0].message


def test_normal_saddle_bladder_and_bowel_agree_with_a_structured_no():
    triage = screen(assessment(notes="Saddle sensation, bladder and bowel normal."))
    assert triage.level is TriageLevel.PT_APPROPRIATE
    assert triage.contradictions == ()


def test_normal_saddle_sensation_against_a_structured_yes_is_a_contradiction_and_stays_true():
    triage = screen(
        assessment(notes="Saddle sensation intact.", red_flags={"saddle_anesthesia": True})
    )
    assert triage.level is TriageLevel.EMERGENCY
    (contradiction,) = triage.contradictions
    assert contradiction.field == "red_flags.saddle_anesthesia"
    assert "stays true" in contradiction.message


def test_long_standing_symptoms_on_both_sides_raise_no_emergency_against_a_structured_no():
    notes = "Long-standing thigh symptoms on both sides. Diabetic, chronic stocking-distribution "
    notes += "neuropathy on both sides."
    triage = screen(assessment(notes=notes))
    assert triage.level is TriageLevel.PT_APPROPRIATE
    assert triage.contradictions == ()


def test_a_falling_score_and_a_falls_history_are_not_the_trauma_of_this_pain():
    triage = screen(assessment(notes="ODI has fallen from 40 to 8."))
    assert triage.findings == ()
    older = {"age": 74}
    falls_history = assessment(patient=older, notes="One fall in the past year.")
    assert screen(falls_history).findings == ()  # neither major trauma nor the onset of this pain
    recent = assessment(patient=older, notes="Fell in the garden last week, pain since.")
    assert [f.rule for f in screen(recent).findings] == ["fracture.fragility"]


def test_unexplained_weight_loss_with_a_number_before_the_unit_is_found():
    triage = screen(
        assessment(notes="Lost about 7 kg.", red_flags={"unexplained_weight_loss": None})
    )
    assert "red_flags.unexplained_weight_loss" in {f.field for f in triage.findings}


@pytest.mark.parametrize(
    ("text", "finding"),
    [
        ("Long-standing urinary hesitancy, getting worse this week.", "bladder_bowel_change"),
        ("Known neuropathy in both feet, worse over the last few days.", "new_bilateral_symptoms"),
        ("Chronic saddle tingling, now spreading.", "saddle_anesthesia"),
    ],
)
def test_a_long_standing_finding_that_is_getting_worse_is_a_change(text, finding):
    assert status(text, finding) is AFFIRMED


def test_long_standing_symptoms_against_a_structured_new_yes_are_a_contradiction_to_resolve():
    a = assessment(
        notes="Long-standing thigh symptoms on both sides.",
        red_flags={"new_bilateral_symptoms": True},
    )
    triage = screen(a)
    assert triage.level is TriageLevel.EMERGENCY  # the structured yes stays: the safer reading
    (contradiction,) = triage.contradictions
    assert contradiction.field == "red_flags.new_bilateral_symptoms"
    assert "Long-standing thigh symptoms on both sides" in contradiction.message


# Found by the clinical suite's third batch (tests/clinical/assessments/08-*.yaml).
@pytest.mark.parametrize(
    ("text", "finding", "expected"),
    [
        # a number glued to its unit after "down"/"dropped": weight loss (clinical-notes 2.3)
        ("Down 6kg since August, not dieting.", "unexplained_weight_loss", AFFIRMED),
        ("Dropped 5 kg in two months without trying.", "unexplained_weight_loss", AFFIRMED),
        ("Down 6kg since August on a diet.", "unexplained_weight_loss", SILENT),
        # a "PMH:" heading puts its sentence in the past (ConText's historical section)
        (
            "PMH: urinary retention after a hernia repair in 2015, catheterised for two days, "
            "resolved.",
            "bladder_bowel_change",
            SILENT,
        ),
        ("PMH: breast cancer, mastectomy 2012.", "cancer_history", AFFIRMED),
        ("PMH: asthma. Catheterised last night for retention.", "bladder_bowel_change", AFFIRMED),
        # a condition runs to the instruction that answers it ("if ..., go to A&E")
        (
            "Safety-netted: if the leg becomes weak, both legs go numb, or there is any change "
            "in bladder control, go to A&E straight away.",
            "new_bilateral_symptoms",
            SILENT,
        ),
        (
            "Safety-netted: if the leg becomes weak, both legs go numb, or there is any change "
            "in bladder control, go to A&E straight away.",
            "bladder_bowel_change",
            SILENT,
        ),
        (
            "Go to A&E if you get numb in the saddle area or can't pass urine.",
            "bladder_bowel_change",
            SILENT,
        ),
        # ... but a finding stated before the condition still counts
        (
            "Numb groin since Monday, advised to go to A&E if it spreads.",
            "saddle_anesthesia",
            AFFIRMED,
        ),
        ("Worse if sitting, numb groin since Monday, go to A&E.", "saddle_anesthesia", AFFIRMED),
    ],
)
def test_third_batch_phrasings_are_read_as_the_clinician_meant_them(text, finding, expected):
    assert status(text, finding) is expected


# A fall that brought no new pain is not the trauma that began this pain (clinical-notes 2.5;
# clinical suite, stenosis-osteoporosis-tripped); a fall followed by pain still is.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tripped on a rug last month, no injury and no new back pain since.", SILENT),
        ("Slipped on ice in January, back pain unchanged by it.", SILENT),
        ("Fell at home yesterday, no injury to the head, back pain since.", AFFIRMED),
        ("Tripped last week, no injury, but new back pain since.", AFFIRMED),
        ("Fell on Monday and the back pain has been worse since.", AFFIRMED),
    ],
)
def test_a_fall_that_brought_no_new_pain_is_not_the_onset_trauma(text, expected):
    assert status(text, "minor_trauma") is expected
