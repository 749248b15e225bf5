"""Classification: pain source, stage, irritability and directional preference
(clinical-notes §3; DESIGN.md)."""
