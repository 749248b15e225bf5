"""Every cue, step, stop line, summary and key point of the knowledge base is a whole sentence
(issue 17, item 10): a YAML flow list split at a comma made about 40 cues into fragments
("Small" and "smooth range on a bad day.") and nothing noticed."""

import pytest
from pydantic import ValidationError
from typer.testing import CliRunner

from sciatica_pt.cli import app
from sciatica_pt.core.knowledge import Instructions, sentence_problem


@pytest.mark.parametrize(
    "text",
    [
        "Small, smooth range on a bad day.",
        "Cold, then aching, then numbness is the usual sequence; take it off when it feels numb.",
        "Lifting the head as the knee straightens (that turns it into a slider, which is fine).",
        "30 seconds is enough.",
        '"Hurt" does not always mean harm.',
        "Not recommended: bed rest does not speed recovery.",
        "Is it worse when you sit?",
    ],
)
def test_a_whole_sentence_passes(text):
    assert sentence_problem(text) is None


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("Small", "cut short"),
        ("smooth range on a bad day.", "tail of a sentence"),
        ("Hips go back", "cut short"),
        ("- push up.", "tail of a sentence"),
        ("Which makes the shift worse.", "continues a previous sentence"),
        ("And keep the knees bent.", "continues a previous sentence"),
    ],
)
def test_a_fragment_is_named_with_the_reason(text, why):
    problem = sentence_problem(text)
    assert problem is not None and why in problem


def test_the_schema_rejects_a_split_cue_naming_the_field():
    with pytest.raises(ValidationError) as caught:
        Instructions(
            summary="Rock the back gently.",
            steps=("Kneel on all fours.",),
            cues=("Move with the breath.", "Small", "smooth range on a bad day."),
            stop_if=("Pain spreads further down the leg.",),
        )
    fields = {tuple(e["loc"]) for e in caught.value.errors()}
    assert fields == {("cues", 1), ("cues", 2)}


def test_the_cat_cow_cue_is_whole_again(shipped_kb):
    assert "Small, smooth range on a bad day." in shipped_kb.item("cat-cow").instructions.cues


def test_no_text_of_the_shipped_knowledge_base_is_a_fragment(shipped_kb):
    texts = [
        (f"{i.id}.{field}", line)
        for i in shipped_kb.items
        for field in ("steps", "cues", "common_mistakes", "stop_if")
        for line in getattr(i.instructions, field)
    ]
    texts += [(f"topic {t.id}", line) for t in shipped_kb.education for line in t.key_points]
    broken = [(where, line) for where, line in texts if sentence_problem(line)]
    assert broken == []
    assert len(texts) > 500  # it looked at the whole knowledge base


def test_kb_check_fails_on_a_cue_split_at_a_comma(knowledge_copy):
    yoga = knowledge_copy / "items" / "yoga_foam_roller.yaml"
    text = yoga.read_text(encoding="utf-8")
    whole = '"Small, smooth range on a bad day."'
    assert whole in text
    yoga.write_text(text.replace(whole, "Small, smooth range on a bad day."), encoding="utf-8")
    result = CliRunner().invoke(app, ["kb", "check"])
    assert result.exit_code == 1
    assert "(cat-cow).instructions.cues[1]: 'Small' is not a whole sentence" in result.output
    assert "quote an entry that holds a comma" in result.output  # brackets survive the console


def test_kb_check_passes_on_the_unchanged_copy(knowledge_copy):
    result = CliRunner().invoke(app, ["kb", "check"])
    assert result.exit_code == 0, result.output
