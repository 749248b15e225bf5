"""How long one review takes over twelve weeks of daily check-ins (not a test: run by hand,
`.venv/bin/python bench/followup/review_bench.py`)."""

from __future__ import annotations

import time
from datetime import date, timedelta

from sciatica_pt.core.followup.models import (
    CheckIn,
    ItemLog,
    LegSymptoms,
    NextMorning,
    Program,
    ProgramItem,
    WarningSigns,
)
from sciatica_pt.core.followup.review import review
from sciatica_pt.knowledge import load

START = date(2026, 1, 5)
CLEAR = WarningSigns(
    saddle_numbness=False,
    bladder_change=False,
    bowel_change=False,
    sexual_change=False,
    both_legs=False,
    new_or_spreading_weakness=False,
)


def main() -> None:
    kb = load()
    first = kb.item("prone-lying")
    item = ProgramItem(
        item_id=first.id,
        name=first.name,
        kind=first.kind,
        direction=first.direction,
        dosage=first.dosage,
        since=START,
    )
    program = Program(patient="bench", start=START, items=(item,))
    checkins = [
        CheckIn(
            date=START + timedelta(days=n),
            items=(ItemLog(item_id=first.id, done=True, sessions=6),),
            back_pain=3,
            leg_pain=3,
            pain_before=3,
            pain_during=4,
            next_morning=NextMorning.SAME,
            leg_symptoms=LegSymptoms.CENTRALIZED,
            new_numbness=False,
            new_tingling=False,
            warning_signs=CLEAR,
        )
        for n in range(1, 84)
    ]
    runs = 50
    began = time.perf_counter()
    for _ in range(runs):
        review(program, checkins, (), kb, START + timedelta(days=84))
    print(f"review over 83 check-ins: {(time.perf_counter() - began) / runs * 1000:.1f} ms")


if __name__ == "__main__":
    main()
