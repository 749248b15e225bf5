"""Outcome measures: the minimal important change of each, the comparison of a baseline with
the latest score, goals met, and the 6- and 12-week not-improving rules. One definition each,
used by the follow-up review, the planner, the web app and the reports; the list of every
follow-up and outcome rule and its function is in docs/followup-formats.md ("Rules and their
one definition").

- `mic.MIC[measure]`, `mic.change(measure, baseline, latest)`, `mic.compare(first, last)`,
  `mic.summarize(entries, today)`, `mic.responded(measure, baseline, latest)`
- `goals.judge_goals(summaries, goals)`, `goals.goals_met(summaries, goals)`
- `not_improving.not_improving(summaries, start, today)`
"""
