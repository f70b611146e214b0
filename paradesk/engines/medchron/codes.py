"""ICD-10-CM diagnosis codes (validated by simple-icd-10-cm), CPT/HCPCS procedure codes.

A diagnosis code counts only when the ICD-10-CM tables know it; its description comes
from those tables, not from the page (records abbreviate and misspell). A description
with no code is mapped to a code only when exactly one billable code has that exact
description. CPT descriptions are the AMA's copyright, so procedures keep the wording
found on the page.
"""

from __future__ import annotations

import json
import os
import re
import warnings
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from types import ModuleType

# Letter, two characters, then optionally a dot and up to four more: S13.4XXA, M54.2.
# Written with and without the dot on records; U (special purpose) is not used on
# claims.
ICD_PATTERN = re.compile(
    r"(?<![A-Za-z0-9.])([A-TV-Z][0-9][0-9AB])\.?([0-9A-Z]{1,4})?(?![A-Za-z0-9])"
)
# CPT: five digits, or four digits and F/T/U (category II/III, PLA); HCPCS level II:
# a letter A-V and four digits. Five-digit numbers are everywhere (ZIP codes, MRNs,
# account numbers), so callers use this only where a code column or label stands.
PROCEDURE_PATTERN = re.compile(
    r"(?<![\w$.,/-])(\d{4}[0-9FTU]|[A-V]\d{4})(?![\w,/]|\.\w|-\d)"
)


@cache
def _icd() -> ModuleType:
    # The package reads its tables with importlib.resources' legacy API, which warns.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import simple_icd_10_cm

        simple_icd_10_cm.is_valid_item("A00")  # loads the tables inside the filter
    module: ModuleType = simple_icd_10_cm
    return module


# Where the ICD-10-CM table is cached: set by the caller (the app from settings, the
# command line from its environment) with `use_cache_dir`; an engine reads no
# environment of its own.
_CACHE_DIR: list[Path] = []


def use_cache_dir(folder: Path) -> None:
    """Keeps the ICD-10-CM table's cache in `folder` from now on."""
    _CACHE_DIR[:] = [folder]


def _cache_dir() -> Path:
    return _CACHE_DIR[0] if _CACHE_DIR else Path.home() / ".cache" / "paradesk"


@cache
def _table() -> dict[str, tuple[str, bool]]:
    """Every ICD-10-CM category and code: description, and whether it is billable.

    simple-icd-10-cm parses its whole XML classification on import (seconds); the
    table we need from it is written once to a cache file (public CDC data, not client
    data) keyed by the package's version, and read from there afterwards.
    """
    version = metadata.version("simple-icd-10-cm")
    path = _cache_dir() / f"icd10cm-{version}.json"
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
        return {code: (text, leaf) for code, (text, leaf) in loaded.items()}
    except (OSError, ValueError, TypeError):
        pass
    icd = _icd()
    table = {
        code: (icd.get_description(code), bool(icd.is_leaf(code)))
        for code in icd.get_all_codes(with_dots=True)
        if icd.is_category_or_subcategory(code) or icd.is_extended_subcategory(code)
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps(table, separators=(",", ":")), encoding="utf-8")
        partial.replace(path)
    except OSError:
        pass  # a read-only home only costs the next run the slow path
    return table


def icd_description(code: str) -> str | None:
    """The ICD-10-CM description of a category or code written with its dot."""
    found = _table().get(code)
    return found[0] if found else None


def normalise_icd(head: str, tail: str | None) -> str:
    return f"{head}.{tail}" if tail else head


# OCR reads a code's S as $ or a section sign ("$39.012A"), or as both, the S and a
# $ struck through it ("S$33.5XXA"); money has exactly two decimals, a code after its
# dot has three or four characters or a letter ("$16.1XXA").
_OCR_DOLLAR_S = re.compile(
    r"S?[$\u00a7](?=\d[0-9AB]\.(?:[0-9A-Z]{3,4}|[0-9]?[A-Z])(?![0-9A-Za-z]))"
)
# OCR reads a code's dot as a comma or colon, or leaves a gap after it ("S16:1XXA",
# "S16,1XXA", "S33.  5XXA"). Only a tail of three or four characters with a letter in
# it is taken (an injury code's placeholder X or its encounter letter): "M54, 2" or
# "12: 30" stay as they are.
_OCR_DOT = re.compile(
    r"(?<![A-Za-z0-9.])(?P<head>(?:[A-TV-Z]|S?[$\u00a7])[0-9][0-9AB])"
    r"(?P<mark>[,:;]\s{0,2}|\.\s{1,2})"
    r"(?P<tail>(?=[0-9A-Z]{0,3}[A-Z])[0-9A-Z]{3,4})(?![A-Za-z0-9])"
)


def _code_as_written(match: re.Match[str]) -> str:
    """The code with its dot put back, padded to its length on the page (positions
    stay those of the page's text)."""
    code = f"{match['head']}.{match['tail']}"
    return code + " " * (len(match[0]) - len(code))


def find_icd_codes(text: str) -> list[tuple[str, str, int]]:
    """(code, description, position) for every valid ICD-10-CM code in `text`."""
    found = []
    text = _OCR_DOT.sub(_code_as_written, text)
    text = _OCR_DOLLAR_S.sub(lambda match: match[0][:-1].replace("S", " ") + "S", text)
    for match in ICD_PATTERN.finditer(text):
        code = normalise_icd(match[1], match[2])
        description = icd_description(code)
        if description is None and match[2]:
            continue
        if description is None:
            continue
        found.append((code, description, match.start()))
    return found


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


@cache
def _codes_by_description() -> dict[str, str | None]:
    """Exact description -> billable code; None where two codes share a description."""
    index: dict[str, str | None] = {}
    for code, (description, leaf) in _table().items():
        if not leaf:
            continue
        key = _key(description)
        index[key] = None if key in index else code
    return index


def code_for_description(description: str) -> str | None:
    """The one billable code whose description is exactly `description`, else None."""
    key = _key(description)
    if len(key) < 6:
        return None
    return _codes_by_description().get(key)


def looks_like_procedure(code: str) -> bool:
    """A five-character procedure code in the ranges CPT and HCPCS actually use."""
    if code[0].isalpha():
        return True
    if code[-1] in "FTU":
        return True
    return 100 <= int(code) <= 99607
