"""Planning: the exercises a plan must hold, and what the daily time leaves out (DESIGN.md)."""
