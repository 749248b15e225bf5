"""The directional exercise starts where the examination found centralisation (McKenzie):
the tested movement's own exercise, stepped down its ladder when irritability rules it out."""

import pytest

from sciatica_pt import knowledge
from sciatica_pt.core.engine import assess
from sciatica_pt.core.vocabulary import ItemClass
from tests.core.cases import case

KB = knowledge.load()
DIRECTIONAL = {
    ItemClass.EXTENSION_DIRECTIONAL_EXERCISE,
    ItemClass.FLEXION_DIRECTIONAL_EXERCISE,
}


def directional_ids(**changes):
    result = assess(case(**changes), KB)
    return [i.id for i in result.plan.items if i.item_class in DIRECTIONAL]


@pytest.mark.parametrize(
    ("movement", "expected"),
    [
        ("extension_in_lying", "prone-press-up"),
        ("extension_in_standing", "standing-extension"),
        ("flexion_in_lying", "flexion-in-lying"),
        ("flexion_in_sitting", "flexion-in-sitting"),
    ],
)
def test_it_starts_with_the_movement_that_centralised(movement, expected):
    assert directional_ids(**{"exam.repeated_movements": {movement: "centralizes"}}) == [expected]


def test_a_highly_irritable_patient_steps_down_to_prone_lying():
    ids = directional_ids(
        **{
            "exam.repeated_movements": {"extension_in_lying": "centralizes"},
            "exam.irritability": "high",
        }
    )
    assert ids == ["prone-lying"]


def test_the_starting_rung_never_takes_a_banned_direction():
    ids = directional_ids(
        **{
            "exam.repeated_movements": {
                "extension_in_lying": "centralizes",
                "flexion_in_sitting": "peripheralizes",
            }
        }
    )
    assert ids == ["prone-press-up"]
