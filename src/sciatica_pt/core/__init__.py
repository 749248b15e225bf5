"""The pure clinical core: no Django, no HTTP, no database, never the clock.

Everything here takes plain values (and `today` where dates matter) and returns plain values,
so the CLI, the web app and the interop adapters all compute the same answers.
"""
