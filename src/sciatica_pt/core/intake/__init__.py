"""The intake: the assessment document, the clinician's notes read for red flags, and the facts
the safety rules are written against (DESIGN.md)."""
