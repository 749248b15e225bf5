"""The implementations behind `cli.py`: parse arguments there, do the work here."""
