"""Throughput of triage + notes reading + classification (not a test: run it by hand).

    .venv/bin/python bench/bench_triage.py

The whole engine's target is 2,000 assessments per second; this part should take a small
share of the 0.5 ms budget, including notes of a realistic length.
"""

from __future__ import annotations

import random
import time

from sciatica_pt.core.classification.classify import classify
from sciatica_pt.core.intake.assessment import Assessment, RedFlags, parse_assessment
from sciatica_pt.core.screening.triage import screen

NOTES = (
    "52-year-old with 7 weeks of left leg pain after lifting at work. Denies saddle numbness, "
    "no bladder or bowel change, no sexual dysfunction. Some tingling in the foot, power 4/5 "
    "ankle dorsiflexion, weakness stable. PMH: hypertension, FHx bowel cancer. Afebrile, no "
    "weight loss, never injected drugs. No trauma. Sleeps poorly because of pain; fears "
    "bending. Extension in lying centralizes, flexion in standing peripheralizes."
)


def sample(rng: random.Random) -> Assessment:
    flags = {n: rng.choice([True, False, False, False, None]) for n in RedFlags.model_fields}
    return parse_assessment(
        {
            "version": 1,
            "notes": NOTES if rng.random() < 0.8 else None,
            "patient": {"age": rng.randint(18, 90)},
            "history": {"duration_weeks": rng.randint(0, 60), "visits_completed": 3},
            "symptoms": {
                "back_pain_nrs": rng.randint(0, 10),
                "leg_pain_nrs": rng.randint(0, 10),
                "pain_below_knee": rng.choice([True, False, None]),
                "aggravated_by": ["sitting", "walking"],
                "eased_by": ["lying_prone"],
            },
            "red_flags": flags,
            "exam": {
                "repeated_movements": {"extension_in_lying": "centralizes"},
                "slr_positive": True,
                "motor_grade_min": rng.randint(2, 5),
            },
            "outcomes": {"baseline": {"leg_pain_nrs": 7}},
        }
    )


def run(label: str, cases: list[Assessment]) -> None:
    start = time.perf_counter()
    for a in cases:
        screen(a)
        classify(a)
    elapsed = time.perf_counter() - start
    n = len(cases)
    print(f"{label}: {n / elapsed:,.0f} assessments/s ({elapsed / n * 1e6:.0f} us each)")


def main(n: int = 3000) -> None:
    rng = random.Random(1)
    pool = [sample(rng) for _ in range(200)]
    run("screen + classify, notes seen before (cached)", [pool[i % 200] for i in range(n)])
    # Every note different: the reading cache never helps (the worst case).
    unique = [
        a.model_copy(update={"notes": f"{NOTES} Seen on visit {i}."}) if a.notes else a
        for i, a in enumerate(sample(rng) for _ in range(n))
    ]
    run("screen + classify, every note new (dense 420-character notes)", unique)


if __name__ == "__main__":
    main()
