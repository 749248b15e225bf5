"""The SQLite backend of the clinic (Django loads `ENGINE + ".base"`)."""
