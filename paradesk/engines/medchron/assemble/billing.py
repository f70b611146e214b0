"""Bills per billing provider: statements read twice counted once, each filed under
the facility that bills it."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date
from difflib import SequenceMatcher

from paradesk.engines.medchron.assemble.visits import (
    facility_key,
    near_clinician,
    provider_names,
)
from paradesk.engines.medchron.bills import charge_keys
from paradesk.engines.medchron.models import (
    Bill,
    BillLine,
    Encounter,
    EntryKind,
    Statement,
)
from paradesk.engines.medchron.providers import DEPARTMENT, key_of_display


def _near_facility(facility: str, known: Iterable[str]) -> str | None:
    """The one facility of the records whose name a bill's facility name is an OCR
    misread of ("NORTHS1DE ORTHOPAEDICS" for "Northside Orthopaedics"): at least nine
    tenths alike, letters and digits only, and no other facility as near. Short names
    are left alone (a letter or two is too much of them)."""
    if len(facility) < 8:
        return None
    near = [
        other
        for other in known
        if other and SequenceMatcher(None, facility, other).ratio() >= 0.9
    ]
    return near[0] if len(near) == 1 else None


def _bill_provider(
    statement: Statement, encounters: list[Encounter], names: dict[str, str]
) -> tuple[str, str | None]:
    """A statement's provider as the encounters name it: by clinician, or by facility
    when the bill names only the facility and one clinician treated there.

    Returns:
        The provider's name, and a note for the reviewer when the name was taken
        from a near spelling rather than read as the records write it.
    """
    key = key_of_display(statement.provider)
    if key in names:
        return names[key], None
    near = near_clinician(key, names)
    if near is not None:
        return names[near], (
            f"{statement.document}: the bill names {statement.provider}, whom no "
            f"record names; it is taken as {names[near]}, one letter apart. "
            "Check the name on the bill."
        )
    at_facility: dict[str, set[str]] = defaultdict(set)
    spelled: dict[str, str] = {}
    for encounter in encounters:
        where = facility_key(encounter.facility)
        if encounter.provider and where:
            at_facility[where].add(key_of_display(encounter.provider))
            spelled.setdefault(where, encounter.facility or "")
    facility = facility_key(statement.facility or statement.provider)
    if facility in at_facility:
        treated = at_facility[facility]
        return (
            (names[next(iter(treated))], None)
            if len(treated) == 1
            else (
                statement.provider,
                None,
            )
        )
    near_facility = _near_facility(facility, at_facility)
    if near_facility is not None and len(at_facility[near_facility]) == 1:
        clinician = names[next(iter(at_facility[near_facility]))]
        return clinician, (
            f"{statement.document}: the bill names the facility "
            f"{statement.facility or statement.provider}, which no record spells so; "
            f"it is taken as {spelled[near_facility]}, whose one clinician in the "
            f"records is {clinician}. Check the name on the bill."
        )
    return statement.provider, None


def _canonical_codes(group: list[Statement]) -> dict[str, str]:
    """A code OCR misread in one copy of a bill ("93942" for "98942", "60283" for
    "G0283") mapped to the code it stands for: a rare code (at most two lines) one
    character away from a code the provider's bills use more often. Used only to
    match the same line across productions."""
    counts = Counter(
        line.code for statement in group for line in statement.lines if line.code
    )
    canonical = {}
    for code, seen in counts.items():
        if seen > 2:
            continue
        near = [
            other
            for other, times in counts.items()
            if times > seen
            and len(other) == len(code)
            and sum(a != b for a, b in zip(other, code, strict=True)) == 1
        ]
        if len(near) == 1:
            canonical[code] = near[0]
    return canonical


def _same_bill(first: Statement, second: Statement) -> bool:
    """Whether two statements are one bill produced twice: at least two charges
    alike (date, code, amount), and the charges alike at least three in four of
    either copy's (OCR may lose or spoil a row in one copy)."""
    mine_days = Counter((line.date, line.amount_cents) for line in first.charges)
    their_days = Counter((line.date, line.amount_cents) for line in second.charges)
    if sum((mine_days & their_days).values()) < 2:
        return False  # cheaply ruled out: most pairs share no day and amount
    canonical = _canonical_codes([first, second])
    mine = charge_keys(first.charges, canonical)
    theirs = charge_keys(second.charges, canonical)
    shared = sum((mine & theirs).values())
    most = max(sum(mine.values()), sum(theirs.values()))
    return shared >= 2 and 4 * shared >= 3 * most


def _one_bill_once(
    statements: list[Statement], providers: list[str], names: dict[str, str]
) -> tuple[list[str], list[str], set[str]]:
    """The same bill produced in two files under two names (the facility in one,
    the clinician in the other, or a name OCR spoiled) is one bill: the copy whose
    name no record gives is filed under the name that a record gives, so it counts
    once. When neither name, or both, is a clinician of the records, nothing says
    which is right: both bills are flagged instead.

    Returns:
        Each statement's provider, notes for the reviewer, and the provider keys
        whose bills must not pass as reconciled.
    """
    resolved = list(providers)
    notes: list[str] = []
    doubtful: set[str] = set()

    def key(index: int) -> str:
        return key_of_display(resolved[index]) or resolved[index]

    for i, statement in enumerate(statements):
        if key(i) in names:
            continue
        twins = [
            j
            for j, other in enumerate(statements)
            if other.document != statement.document
            and key(j) != key(i)
            and _same_bill(statement, other)
        ]
        named = sorted({resolved[j] for j in twins if key(j) in names})
        if len(named) == 1:
            notes.append(
                f"{statement.document}: the bill filed under {resolved[i]} has the "
                f"same dates, codes and amounts as the bill of {named[0]} in "
                f"{', '.join(sorted({statements[j].document for j in twins}))}; it "
                f"is counted once, as {named[0]}, whom the records name. Check the "
                "names on the bills."
            )
            resolved[i] = named[0]
        elif twins:
            others = sorted({resolved[j] for j in twins} | {resolved[i]})
            notes.append(
                f"{statement.document}: the bills of {' and '.join(others)} have the "
                "same dates, codes and amounts, in different files; they may be one "
                "bill produced twice. Both are counted; check them by hand."
            )
            doubtful.update(key_of_display(name) or name for name in others)
    for i, statement in enumerate(statements):
        if key(i) not in names:
            continue
        for j, other in enumerate(statements):
            if (
                j > i
                and key(j) in names
                and key(j) != key(i)
                and other.document != statement.document
                and _same_bill(statement, other)
            ):
                notes.append(
                    f"{statement.document} and {other.document}: the bills of "
                    f"{resolved[i]} and {resolved[j]} have the same dates, codes and "
                    "amounts; they may be one bill produced twice. Both are counted; "
                    "check them by hand."
                )
                doubtful.update((key(i), key(j)))
    return resolved, notes, doubtful


_LineKey = tuple[str, date | None, str | None, int]


def _line_keys(group: list[Statement]) -> Callable[[BillLine], _LineKey]:
    """How lines of one provider's statements are matched across productions: by
    kind, date, code and amount, a code OCR misread in one copy read as the code it
    stands for (`_canonical_codes`), and a code OCR lost in one copy ("_G0283" read
    as no code) as the one code the other copies give for the same kind, date and
    amount."""
    canonical = _canonical_codes(group)
    coded: dict[tuple[str, date | None, int], set[str]] = defaultdict(set)
    for statement in group:
        for line in statement.lines:
            if line.code:
                coded[(line.kind.value, line.date, line.amount_cents)].add(
                    canonical.get(line.code, line.code)
                )

    def key(line: BillLine) -> _LineKey:
        code = canonical.get(line.code or "", line.code)
        if code is None:
            found = coded.get((line.kind.value, line.date, line.amount_cents), set())
            code = next(iter(found)) if len(found) == 1 else None
        return (line.kind.value, line.date, code, line.amount_cents)

    return key


def _by_visits(
    statement: Statement, encounters: list[Encounter], names: dict[str, str]
) -> tuple[str | None, str | None]:
    """A bill filed under a name no record gives (a facility the records head
    otherwise, a signature OCR spoiled), checked against the visits of the records.
    When every charge it prints is a procedure code that one clinician's visit of
    the same day records, and no other clinician's, it is that clinician's bill,
    with a note. When its dates are visits of the records but the codes do not
    single out one clinician, it is left under its name and flagged: filed under
    the wrong name it would be counted as someone else's specials without a word.

    Returns:
        The clinician's name when proven (else None), and a note for the reviewer
        when the bill must be checked (else None).
    """
    charges = [line for line in statement.charges if line.date]
    if not charges:
        return None, None
    done: dict[str, set[tuple[date, str]]] = defaultdict(set)
    seen: set[date] = set()
    for encounter in encounters:
        if encounter.date is None or not encounter.provider:
            continue
        seen.add(encounter.date)
        done[key_of_display(encounter.provider)].update(
            (encounter.date, item.code) for item in encounter.procedures if item.code
        )
    billed = {(line.date, line.code or "") for line in charges if line.date}
    whose = [key for key, coded in done.items() if billed <= coded]
    if len(whose) == 1:
        clinician = names[whose[0]]
        return clinician, (
            f"{statement.document}: the bill is filed under {statement.provider}, "
            "which no record names; every charge on it is a procedure that "
            f"{clinician}'s visits of the same days record, and no one else's, so it "
            f"is taken as {clinician}. Check the name on the bill."
        )
    if any(line.date in seen for line in charges):
        return None, (
            f"{statement.document}: the bill is filed under {statement.provider}, "
            "which no record names, but it charges for days the records show visits "
            "on; check whose bill it is."
        )
    return None, None


def build_bills(
    statements: list[Statement], encounters: list[Encounter]
) -> tuple[list[Bill], list[str]]:
    """One bill per provider; a line printed in two productions counts once, and so
    does a bill produced twice under two names.

    Returns:
        The bills, and notes for the reviewer on how they were attributed.
    """
    names = provider_names(encounters)
    found = [_bill_provider(statement, encounters, names) for statement in statements]
    notes = [note for _, note in found if note is not None]
    providers, same, doubtful = _one_bill_once(
        statements, [provider for provider, _ in found], names
    )
    notes += same
    for index, statement in enumerate(statements):
        if key_of_display(providers[index]) in names:
            continue
        clinician, note = _by_visits(statement, encounters, names)
        if note is not None:
            notes.append(note)
        if clinician is not None:
            providers[index] = clinician
        elif note is not None:
            doubtful.add(key_of_display(providers[index]) or providers[index])
    # First one bill per clinician the statements charge for (as the records name
    # them), so that the same bill produced under two names counts once ...
    # ... and one per facility that bills for that clinician (a surgeon's office
    # and the surgery center bill apart).
    grouped: dict[str, list[Statement]] = defaultdict(list)
    display: dict[str, str] = {}
    person_of: dict[str, str] = {}
    for key, group in _by_clinician_and_facility(
        statements, providers, _facility_spellings(encounters)
    ).items():
        grouped[key] = group
        person, _, _ = key.partition("\x00")
        person_of[key] = person
        display[key] = next(
            p
            for s, p in zip(statements, providers, strict=True)
            if (key_of_display(p) or p) == person
        )
    bills = []
    for key, group in grouped.items():
        line_key = _line_keys(group)
        # Per line key, the most copies any one document holds: a visit billed twice in
        # one ledger stays twice; the same ledger produced again adds nothing.
        wanted: Counter[_LineKey] = Counter()
        per_document: dict[str, Counter[_LineKey]] = defaultdict(Counter)
        for statement in group:
            per_document[statement.document] += Counter(map(line_key, statement.lines))
        for counter in per_document.values():
            wanted |= counter
        lines: list[BillLine] = []
        taken: Counter[_LineKey] = Counter()
        for statement in group:
            for line in statement.lines:
                if taken[line_key(line)] < wanted[line_key(line)]:
                    taken[line_key(line)] += 1
                    lines.append(line)
        distinct: dict[tuple[object, ...], Statement] = {}
        for statement in group:
            signature = (
                tuple(
                    sorted(Counter(map(line_key, statement.lines)).items(), key=repr)
                ),
                statement.stated_total_cents,
            )
            distinct.setdefault(signature, statement)
        stated = [
            s.stated_total_cents
            for s in distinct.values()
            if s.stated_total_cents is not None
        ]
        charged = sum(
            line.amount_cents for line in lines if line.kind is EntryKind.CHARGE
        )
        # Copies that each add up but differ in a line (a date or code OCR spoiled in
        # one) would both be counted: the merged lines must give the printed totals.
        adds_up = len(stated) < len(distinct) or sum(stated) == charged
        lines.sort(
            key=lambda line: (line.date or date.min, line.kind != EntryKind.CHARGE)
        )
        bills.append(
            Bill(
                provider=display[key],
                lines=tuple(lines),
                stated_total_cents=sum(stated) if stated else None,
                # Whose bill it is (`doubtful`) is for the reviewer's notes; only
                # failed arithmetic makes a bill unreconciled.
                reconciled=adds_up
                and all(statement.reconciled for statement in distinct.values()),
                statements=tuple(distinct.values()),
                clinicians=(names[person_of[key]],) if person_of[key] in names else (),
            )
        )
    # ... then filed under the billing facility, as the bills themselves are: one
    # bill per practice or hospital, its clinicians' bills together.
    bills = _by_billing_facility(bills, encounters)
    bills.sort(key=lambda bill: bill.provider)
    return bills, notes


def _by_clinician_and_facility(
    statements: list[Statement], providers: list[str], facilities: dict[str, str]
) -> dict[str, list[Statement]]:
    """Statements grouped by the clinician they charge for and the facility they
    print. A statement under a name the records do not know whose every charge is
    in another group of the same clinician is a copy of that bill (produced by a
    billing company or an insurer) and joins it, to be counted once."""
    groups: dict[str, list[Statement]] = defaultdict(list)
    for statement, provider in zip(statements, providers, strict=True):
        person = key_of_display(provider) or provider
        known = (
            _known_facility(statement.facility, facilities)
            if statement.facility
            else None
        )
        where = facility_key(known or statement.facility or "")
        groups[f"{person}\x00{where}"].append(statement)
    by_person: dict[str, list[str]] = defaultdict(list)
    for key in groups:
        by_person[key.partition("\x00")[0]].append(key)
    for keys in by_person.values():
        if len(keys) < 2:
            continue
        for key in keys:
            where = key.partition("\x00")[2]
            if where and where in facilities:
                continue  # a facility of the records bills on its own
            charges = _charge_set(groups[key])
            home = [
                other
                for other in keys
                if other != key
                and other in groups
                and charges
                and charges <= _charge_set(groups[other])
            ]
            if home:
                groups[home[0]] += groups.pop(key)
    return dict(groups)


def _charge_set(group: list[Statement]) -> set[tuple[object, ...]]:
    return {
        (line.date, line.code, line.amount_cents)
        for statement in group
        for line in statement.lines
        if line.kind is EntryKind.CHARGE
    }


def _by_billing_facility(bills: list[Bill], encounters: list[Encounter]) -> list[Bill]:
    """Each clinician's bill named for the facility that bills for it, and the bills
    of one facility merged."""
    facilities = _facility_spellings(encounters)
    merged: dict[str, Bill] = {}
    for bill in bills:
        name = _billing_of(bill, facilities, encounters)
        key = facility_key(name) or name
        bill = replace(bill, provider=name)
        if key not in merged:
            merged[key] = bill
            continue
        into = merged[key]
        stated = [b.stated_total_cents for b in (into, bill)]
        merged[key] = Bill(
            provider=into.provider,
            lines=tuple(
                sorted(
                    into.lines + bill.lines,
                    key=lambda line: (
                        line.date or date.min,
                        line.kind != EntryKind.CHARGE,
                    ),
                )
            ),
            stated_total_cents=None
            if all(value is None for value in stated)
            else sum(value or 0 for value in stated),
            reconciled=into.reconciled and bill.reconciled,
            statements=into.statements + bill.statements,
            clinicians=tuple(sorted({*into.clinicians, *bill.clinicians})),
        )
    return list(merged.values())


def _billing_of(
    bill: Bill, facilities: dict[str, str], encounters: list[Encounter]
) -> str:
    """The billing facility of a clinician's bill: the facility its statements print,
    spelled as the records spell it when they name it (one letter or so apart, or
    cut short); else the facility of the clinician's visits; else the clinician."""
    printed = [s.facility for s in bill.statements if s.facility]
    for facility in printed:
        known = _known_facility(facility, facilities)
        if known is not None:
            return known
    if printed:
        # A facility the records do not name is still the bill's own word for
        # whose bill it is.
        return DEPARTMENT.sub("", printed[0]).strip() or printed[0]
    clinician = bill.clinicians[0] if len(bill.clinicians) == 1 else bill.provider
    where = Counter(
        e.facility
        for e in encounters
        if e.facility
        and e.provider
        and key_of_display(e.provider) == key_of_display(clinician)
    )
    if where:
        # The facility most of the clinician's visits name (a letterhead OCR spoiled
        # on one page does not make a second practice).
        facility, count = where.most_common(1)[0]
        if count * 3 >= sum(where.values()) * 2:
            return facility
    return bill.provider


_TRUNCATED_AT_LEAST = 12
# The words after a facility's name that make it the office sending its bills ("...
# Billing", "... Patient Financial Services"); any other words make another
# practice ("Lakeshore General Hospital Hospitalist Medicine Group").
_BILLING_OFFICE = re.compile(
    r"(?:\s*(?:billing|bill|office|business|central|patient|accounts?|financial|"
    r"services?|receivable|revenue|cycle|dept|department))*\s*"
)


def _known_facility(facility: str, facilities: dict[str, str]) -> str | None:
    facility = DEPARTMENT.sub("", facility).strip() or facility
    key = facility_key(facility)
    if key in facilities:
        return facilities[key]
    near = _near_facility(key, facilities)
    if near is None:
        # "Silver Lake Immediate Care Billing": the records' facility with the office
        # that sends its bills.
        heads = [
            known
            for known in facilities
            if key.startswith(known) and _BILLING_OFFICE.fullmatch(key[len(known) :])
        ]
        near = max(heads, key=len) if heads else None
    if near is None and len(key) >= _TRUNCATED_AT_LEAST:
        # A claim form's box 33 cut short ("WEST BROOKFIELD HEADACHE & NEUROLO"): the
        # one facility of the records whose name it begins.
        whole = [known for known in facilities if known.startswith(key)]
        near = whole[0] if len(whole) == 1 else None
    return facilities[near] if near is not None else None


def _facility_spellings(encounters: list[Encounter]) -> dict[str, str]:
    """Each facility of the records by its key, as the records spell it most."""
    counts: Counter[str] = Counter(e.facility for e in encounters if e.facility)
    spelled: dict[str, str] = {}
    for facility, _ in counts.most_common():
        spelled.setdefault(facility_key(facility), facility)
    return spelled
