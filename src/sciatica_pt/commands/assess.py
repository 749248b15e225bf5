"""`sciatica-pt assess FILE`: read an assessment file, run the engine, print the result.

Exit status: 0 with a result, 2 when the input is rejected (one line per problem, naming the
field path), 1 when the knowledge base itself is broken. Rich is imported only for the text
format, so `--format json` stays quick.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

import yaml

from sciatica_pt.core.errors import InvalidInput

EXIT_OK, EXIT_BROKEN, EXIT_BAD_INPUT = 0, 1, 2

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class StrictLoader(_Base):  # type: ignore[misc]
    """YAML that refuses to guess: only true/false are booleans (YAML 1.1 would read `no`,
    `off` or `y` as false or true), and a key given twice is an error, not last-one-wins."""

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                line = key_node.start_mark.line + 1
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} is given twice (line {line})", key_node.start_mark
                )
            seen.add(key)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping


StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}
StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def read_source(source: str) -> tuple[str, str]:
    """(the text, a name for messages); `-` is standard input."""
    if source == "-":
        return sys.stdin.read(), "stdin"
    path = Path(source)
    try:
        return path.read_text(encoding="utf-8"), path.name
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(
            [f"{source}: cannot be read ({exc.__class__.__name__}: {exc})"]
        ) from None


def parse_text(text: str, name: str) -> object:
    """YAML (JSON is a subset for our purposes); a syntax error is one clear line."""
    if name.endswith(".json"):
        return _parse_json(text, name)
    try:
        return yaml.load(text, Loader=StrictLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        raise InvalidInput([f"{name}: not valid YAML{where}: {exc.problem or exc}"]) from None
    except yaml.YAMLError as exc:
        raise InvalidInput([f"{name}: not valid YAML: {exc}"]) from None


def _parse_json(text: str, name: str) -> object:
    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        keys = [k for k, _ in pairs]
        twice = sorted({k for k in keys if keys.count(k) > 1})
        if twice:
            raise ValueError(f"the key {twice[0]!r} is given twice")
        return dict(pairs)

    try:
        return json.loads(text, object_pairs_hook=no_duplicates)
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            [f"{name}: not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}"]
        ) from None
    except ValueError as exc:
        raise InvalidInput([f"{name}: not valid JSON: {exc}"]) from None


def run(source: str, output: str) -> int:
    from sciatica_pt import knowledge
    from sciatica_pt.core.engine import assess
    from sciatica_pt.core.intake.assessment import parse_assessment
    from sciatica_pt.core.planning.items import KnowledgeGap

    try:
        assessment = parse_assessment(parse_text(*read_source(source)))
    except InvalidInput as exc:
        return _rejected(exc.problems)
    try:
        kb = knowledge.load()
    except InvalidInput as exc:
        return _broken(exc.problems)
    try:
        result = assess(assessment, kb)
    except KnowledgeGap as exc:
        return _broken([str(exc)])
    if output == "json":
        sys.stdout.write(json.dumps(result.to_json_dict(), indent=2, ensure_ascii=False) + "\n")
    else:
        from sciatica_pt.commands.assess_text import render

        render(result, kb)
    return EXIT_OK


def _rejected(problems: list[str]) -> int:
    sys.stderr.write("".join(f"{line}\n" for line in problems))
    return EXIT_BAD_INPUT


def _broken(problems: list[str]) -> int:
    sys.stderr.write("The knowledge base has problems (run `sciatica-pt kb check`):\n")
    sys.stderr.write("".join(f"{line}\n" for line in problems))
    return EXIT_BROKEN
