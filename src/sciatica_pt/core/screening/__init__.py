"""Screening: red flags, triage and referrals (clinical-notes §2, §7; DESIGN.md)."""
