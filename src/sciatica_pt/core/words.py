"""Words for people: one display name and one plain sentence for every code (issue 20).

The words live in `knowledge/words.yaml`, grouped by the code's family; this module loads and
checks them once and answers `name_of`, `sentence_of` and `dose_in_words`. Every renderer for
people (CLI text, PDFs, calendars, pages) asks here, so a code reads the same everywhere; JSON
and the API keep their codes.

A family named after a StrEnum is its class name in snake_case (`TriageLevel` ->
`triage_level`), so an enum member finds its own family: `name_of(TriageLevel.PT_APPROPRIATE)`.
A plain string needs its family, or is looked up across all families in file order.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from enum import StrEnum
from importlib import resources
from types import MappingProxyType

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from sciatica_pt.core.errors import InvalidInput, problems_of
from sciatica_pt.core.knowledge import Dosage

# A dotted id such as `ci.insensate-skin-thermal` or `red_flags.fever`: a code, not a name.
_DOTTED_ID = re.compile(r"\b[a-z0-9_-]+\.[a-z0-9_-]+\b")


class Words(BaseModel):
    """The display name (a label) and one plain sentence for a code."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    name: str
    sentence: str

    @field_validator("name")
    @classmethod
    def _a_name_is_not_a_code(cls, name: str) -> str:
        if not name.strip() or name != name.strip():
            raise ValueError("a name is words with no space around them")
        if "_" in name or _DOTTED_ID.search(name):
            raise ValueError(f"{name!r} reads like a code, not a name")
        if not (name[0].isupper() or name[0].isdigit()):
            raise ValueError(f"{name!r} should start with a capital letter")
        return name

    @field_validator("sentence")
    @classmethod
    def _one_plain_sentence(cls, sentence: str) -> str:
        if "_" in sentence or _DOTTED_ID.search(sentence.rstrip(".")):
            raise ValueError(f"{sentence!r} contains a code")
        if not (sentence[:1].isupper() or sentence[:1].isdigit()) or not sentence.endswith("."):
            raise ValueError(f"{sentence!r} is not one sentence (capital first, full stop last)")
        if re.search(r"[.!?] [A-Z]", sentence):
            raise ValueError(f"{sentence!r} is more than one sentence")
        return sentence


Family = Mapping[str, Words]


def family_of(code_type: type[StrEnum]) -> str:
    """`TriageLevel` -> `triage_level`: the family of an enum's members."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", code_type.__name__).lower()


@functools.cache
def vocabulary() -> Mapping[str, Family]:
    """Every family of `knowledge/words.yaml`, checked; InvalidInput names a bad entry."""
    text = resources.files("sciatica_pt.knowledge").joinpath("words.yaml").read_text("utf-8")
    raw = yaml.safe_load(text)
    if not isinstance(raw, dict):
        raise InvalidInput(["words.yaml: a mapping of families is expected"])
    try:
        return MappingProxyType(
            {
                family: MappingProxyType(
                    {str(code): Words.model_validate(entry) for code, entry in codes.items()}
                )
                for family, codes in raw.items()
            }
        )
    except ValidationError as exc:
        raise InvalidInput(problems_of(exc, prefix="words.yaml")) from None
    except AttributeError:
        raise InvalidInput(
            ["words.yaml: each family maps codes to a name and a sentence"]
        ) from None


@functools.cache
def _anywhere() -> Mapping[str, Words]:
    """Codes of every family, the first family in file order winning; field paths are also
    found by their last part (`slr_positive`)."""
    found: dict[str, Words] = {}
    for codes in vocabulary().values():
        for code, words in codes.items():
            found.setdefault(code, words)
    for code, words in vocabulary()["field"].items():
        found.setdefault(code.rsplit(".", 1)[-1], words)
    return MappingProxyType(found)


def words_for(code: object, family: str | None = None) -> Words:
    """The words for a code; KeyError when there are none (the strict lookup tests use), and
    ValueError for a family that does not exist (a typo in a renderer)."""
    if family is None and isinstance(code, StrEnum):
        family = family_of(type(code))
    key = str(code).split("/", 1)[0]  # "pain.peripheralization/prone-lying": the rule's words
    if family is None:
        return _anywhere()[key]
    if family not in vocabulary():
        raise ValueError(f"no family of words is called {family!r}")
    codes = vocabulary()[family]
    if key not in codes and family == "field":
        return _anywhere()[key.rsplit(".", 1)[-1]]
    return codes[key]


def name_of(code: object, family: str | None = None) -> str:
    """The display name of a code. A word the vocabulary does not hold (free text such as an
    aggravating factor "other words kept as given") reads as itself, without underscores."""
    try:
        return words_for(code, family).name
    except KeyError:
        return _as_written(str(code))


def sentence_of(code: object, family: str | None = None) -> str:
    """The plain sentence for a code, or "" when the vocabulary has none."""
    try:
        return words_for(code, family).sentence
    except KeyError:
        return ""


def names_of(codes: Iterable[object], family: str | None = None) -> str:
    """Several codes as one comma-separated phrase: "Sitting, Bending forward"."""
    return ", ".join(name_of(c, family) for c in codes)


def _as_written(text: str) -> str:
    words = text.rsplit(".", 1)[-1].replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else text


# --- doses ------------------------------------------------------------------------------------


def dose_in_words(dosage: Dosage | None) -> str:
    """A dose as people say it: "10 times, 6 times a day"; "hold 30 seconds, 3 times, twice a
    day"; "2 sets of 10, 3 times a day"; "20 minutes, 3 times a week". "" without a dose."""
    if dosage is None:
        return ""
    amount = _amount(dosage)
    parts = [
        f"hold {duration(dosage.hold_seconds)}" if dosage.hold_seconds else "",
        f"{dosage.minutes} minute{_s(dosage.minutes)}" if dosage.minutes else "",
        f"{times(dosage.per_day)} a day" if dosage.per_day else "",
        f"{times(dosage.per_week)} a week" if dosage.per_week else "",
    ]
    if amount != "once" or not any(parts):  # "hold 2 minutes, once, ..." says nothing more
        parts.insert(1, amount)
    return ", ".join(p for p in parts if p)


def _amount(dosage: Dosage) -> str:
    sets, reps = dosage.sets or 1, dosage.reps
    if reps is None:
        return f"{sets} sets" if sets > 1 else ""
    if sets > 1:
        return f"{sets} sets of {reps}"
    return times(reps)


def times(count: int) -> str:
    """1 -> "once", 2 -> "twice", 6 -> "6 times"."""
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def duration(seconds: int) -> str:
    if seconds >= 60 and seconds % 60 == 0:
        return f"{seconds // 60} minute{_s(seconds // 60)}"
    return f"{seconds} second{_s(seconds)}"


def _s(count: int) -> str:
    return "" if count == 1 else "s"
