"""The `sciatica-pt` console script.

`sciatica-pt assess FILE [--format text|json]` is answered without importing Typer, whose
import alone costs a good part of the command's 400 ms start-up budget; any other command,
`--help`, or an argument the fast path does not recognise goes to the Typer app in `cli.py`,
which stays the one documented interface.
"""

from __future__ import annotations

import sys

FORMATS = ("text", "json")


def main() -> None:
    plain = plain_assess(sys.argv[1:])
    if plain is None:
        from sciatica_pt.cli import main as typer_main

        typer_main()
        return
    from sciatica_pt.commands.assess import run

    raise SystemExit(run(*plain))


def plain_assess(args: list[str]) -> tuple[str, str] | None:
    """(FILE, format) when `args` is a plain assess call, else None."""
    if not args or args[0] != "assess":
        return None
    files: list[str] = []
    output = "text"
    rest = iter(args[1:])
    for arg in rest:
        if arg == "--format":
            output = next(rest, "")
        elif arg.startswith("--format="):
            output = arg.split("=", 1)[1]
        elif arg.startswith("-") and arg != "-":
            return None
        else:
            files.append(arg)
        if output not in FORMATS:
            return None
    return (files[0], output) if len(files) == 1 else None
