"""Pain-source hypothesis (clinical-notes §3.4): disc, stenosis, deep gluteal, nonspecific or
other. A working hypothesis for choosing care, never a diagnosis.

Order: a vascular mimic first (`other`), then the Cook-2011 stenosis cluster (3 or more of 5),
then disc/radicular features (2 or more of 4), then deep gluteal as a diagnosis of exclusion.
"""

from __future__ import annotations

from sciatica_pt.core.intake.assessment import Assessment, Side
from sciatica_pt.core.result import PainSource

STENOSIS_CLUSTER_MIN = 3
STENOSIS_AGE_OVER = 48
DISC_FEATURES_MIN = 2
_WALKING_STANDING = frozenset({"walking", "standing"})
_FLEXION_SITTING = frozenset({"sitting", "bending_forward", "flexion", "coughing_sneezing"})


def pain_source(a: Assessment) -> tuple[PainSource, tuple[str, ...]]:
    if a.precautions.vascular_claudication_signs is True:
        return PainSource.OTHER, (
            "Pain source other: signs of vascular claudication suggest a non-spinal mimic that "
            "needs medical work-up [Suri-2010].",
        )
    cluster, disc = stenosis_cluster(a), disc_features(a)
    if len(cluster) >= STENOSIS_CLUSTER_MIN:
        return PainSource.STENOSIS, (_stenosis_line(cluster), *_also_disc(disc))
    if len(disc) >= DISC_FEATURES_MIN:
        return PainSource.DISC_RADICULAR, (_disc_line(disc),)
    if _deep_gluteal(a):
        return PainSource.DEEP_GLUTEAL, (_DEEP_GLUTEAL_LINE,)
    return PainSource.NONSPECIFIC, (_nonspecific_line(cluster, disc),)


def stenosis_cluster(a: Assessment) -> list[str]:
    """Cook-2011: bilateral symptoms, leg > back pain, pain on walking or standing, relief on
    sitting, age over 48. Items not recorded are not counted."""
    s = a.symptoms
    items = {
        "bilateral symptoms": s.bilateral_symptoms is True or s.side is Side.BOTH,
        "leg pain worse than back pain": s.leg_pain_nrs > s.back_pain_nrs,
        "pain on walking or standing": bool(_WALKING_STANDING & set(s.aggravated_by)),
        "relief on sitting": "sitting" in s.eased_by,
        f"age over {STENOSIS_AGE_OVER}": a.patient.age > STENOSIS_AGE_OVER,
    }
    return [name for name, present in items.items() if present]


def disc_features(a: Assessment) -> list[str]:
    s, e = a.symptoms, a.exam
    items = {
        "leg-dominant pain below the knee": s.pain_below_knee is True
        and s.leg_pain_nrs > s.back_pain_nrs,
        "straight-leg raise or crossed straight-leg raise positive": e.slr_positive is True
        or e.crossed_slr_positive is True,
        "neurological signs": _neuro_signs(a),
        "aggravated by flexion or sitting": bool(_FLEXION_SITTING & set(s.aggravated_by)),
    }
    return [name for name, present in items.items() if present]


def _neuro_signs(a: Assessment) -> bool:
    e = a.exam
    weak = e.motor_grade_min is not None and e.motor_grade_min < 5
    return weak or e.reflexes_reduced is True or e.motor_deficit_myotome is not None


def _deep_gluteal(a: Assessment) -> bool:
    """Buttock/thigh pain, worse sitting, no neurological signs, SLR negative: all recorded."""
    s, e = a.symptoms, a.exam
    return (
        s.leg_pain_nrs > 0
        and s.pain_below_knee is False
        and "sitting" in s.aggravated_by
        and e.slr_positive is False
        and not _neuro_signs(a)
        and s.numbness is not True
    )


def _stenosis_line(cluster: list[str]) -> str:
    return (
        f"Pain source stenosis (hypothesis): {len(cluster)} of the 5 Cook cluster items "
        f"({', '.join(cluster)}); 3 or more suggests lumbar spinal stenosis [Cook-2011]."
    )


def _also_disc(disc: list[str]) -> tuple[str, ...]:
    if not disc:
        return ()
    return (f"Disc/radicular features are also present ({', '.join(disc)}) [BMJ-2019].",)


def _disc_line(disc: list[str]) -> str:
    return f"Pain source disc/radicular (hypothesis): {', '.join(disc)} [BMJ-2019; NICE-NG59]."


_DEEP_GLUTEAL_LINE = (
    "Pain source deep gluteal (hypothesis): buttock or thigh pain that does not go below the "
    "knee, worse with sitting, straight-leg raise negative and no neurological signs. It is a "
    "diagnosis of exclusion: the lumbar spine must be cleared first [Martin-2013]."
)


def _nonspecific_line(cluster: list[str], disc: list[str]) -> str:
    return (
        f"Pain source nonspecific: not enough features for a specific hypothesis (stenosis "
        f"items {len(cluster)} of 5, disc features {len(disc)} of 4) [NICE-NG59]."
    )
