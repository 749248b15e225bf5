"""The follow-up loop: check-ins in, the next program, decisions and alerts out.

Public entry points: `review` (sciatica_pt.core.followup.review) and `program_from_plan`
(sciatica_pt.core.followup.start).
"""
