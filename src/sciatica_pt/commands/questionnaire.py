"""`sciatica-pt questionnaire score INSTRUMENT FILE`: score a questionnaire's answers with the
core (core.outcomes.questionnaires) and say what the score means. Bad answers exit with status
2 and one line per problem naming the item; nothing is repaired. docs/questionnaires.md.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sciatica_pt.commands.review import errors, read
from sciatica_pt.core.errors import InvalidInput
from sciatica_pt.core.outcomes.questionnaires import INSTRUMENTS, parse_answers, score


def run(instrument: str, path: Path, day: date, output: str) -> int:
    try:
        result = score(parse_answers(instrument, read(path, instrument)), day)
    except InvalidInput as exc:
        for line in exc.problems:
            errors().print(line, markup=False, highlight=False, soft_wrap=True)
        return 2
    if output == "json":
        entries = [e.model_dump(mode="json", exclude_none=True) for e in result.entries]
        document = {"instrument": result.instrument.value, "entries": entries}
        print(json.dumps(document | {"meaning": list(result.meaning)}, indent=2))
        return 0
    info = INSTRUMENTS[result.instrument]
    print(f"{info.name}, {day.isoformat()}")
    for line in result.meaning:
        print(f"  {line}")
    return 0
