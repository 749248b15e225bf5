"""The PostgreSQL backend of the clinic (Django loads `ENGINE + ".base"`)."""
