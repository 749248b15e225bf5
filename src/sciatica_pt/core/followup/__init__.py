"""The follow-up loop: check-ins in, the next program, decisions and alerts out.

Public entry points: `review` (sciatica_pt.core.followup.review), `program_from_plan`
(sciatica_pt.core.followup.start), the immediate check-in rules and the next-morning rule
(sciatica_pt.core.followup.checkin_rules), adherence and stopped logging
(sciatica_pt.core.followup.adherence). Outcome measures, goals and the 6/12-week rules are in
sciatica_pt.core.outcomes. Every rule and its function: docs/followup-formats.md, "Rules and
their one definition".
"""
