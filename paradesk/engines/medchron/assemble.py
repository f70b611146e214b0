"""From encounters and statements to the chronology.

De-duplication across productions, bills per provider, gaps in care, pre-incident care,
provider summary, missing documents.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date
from difflib import SequenceMatcher
from itertools import pairwise

from paradesk.engines.medchron.bills import charge_keys
from paradesk.engines.medchron.models import (
    DEFAULT_GAP_DAYS,
    Bill,
    BillLine,
    Chronology,
    Coded,
    Encounter,
    EntryKind,
    Fact,
    Gap,
    Missing,
    Patient,
    ProviderSummary,
    Statement,
    Totals,
)
from paradesk.engines.medchron.providers import DEPARTMENT, key_of_display
from paradesk.engines.medchron.reading.identity import Identities, separate


def _facility_key(name: str | None) -> str:
    return re.sub(r"[^a-z0-9]", "", (name or "").lower())


def provider_key(encounter: Encounter) -> str:
    if encounter.provider:
        return key_of_display(encounter.provider)
    return "facility:" + _facility_key(encounter.facility)


def _union_facts(first: tuple[Fact, ...], second: tuple[Fact, ...]) -> tuple[Fact, ...]:
    seen = {fact.text.lower() for fact in first}
    return first + tuple(fact for fact in second if fact.text.lower() not in seen)


def _union_coded(
    first: tuple[Coded, ...], second: tuple[Coded, ...]
) -> tuple[Coded, ...]:
    seen = {(item.code or item.description or "").lower() for item in first}
    return first + tuple(
        item
        for item in second
        if (item.code or item.description or "").lower() not in seen
    )


def merge(first: Encounter, second: Encounter) -> Encounter:
    """One encounter from two readings of the same visit, citing both."""
    citations = first.citations + tuple(
        citation
        for citation in second.citations
        if (citation.document, citation.page)
        not in {(c.document, c.page) for c in first.citations}
    )
    return replace(
        first,
        provider=first.provider or second.provider,
        facility=first.facility or second.facility,
        visit_type=first.visit_type
        if first.visit_type != "other"
        else second.visit_type,
        citations=citations,
        complaints=_union_facts(first.complaints, second.complaints),
        pain_scores=_union_facts(first.pain_scores, second.pain_scores),
        findings=_union_facts(first.findings, second.findings),
        diagnoses=_union_coded(first.diagnoses, second.diagnoses),
        procedures=_union_coded(first.procedures, second.procedures),
        medications=_union_facts(first.medications, second.medications),
        restrictions=_union_facts(first.restrictions, second.restrictions),
        recommendations=_union_facts(first.recommendations, second.recommendations),
        kinds=first.kinds
        + tuple(kind for kind in second.kinds if kind not in first.kinds),
    )


def deduplicate(encounters: Iterable[Encounter]) -> list[Encounter]:
    """Same date and same provider (or, unnamed, same facility) is the same visit."""
    by_key: dict[tuple[date | None, str], Encounter] = {}
    undated: list[Encounter] = []
    reported: list[Encounter] = []
    for encounter in encounters:
        if not encounter.is_visit:
            reported.append(encounter)
            continue
        if encounter.date is None:
            undated.append(encounter)
            continue
        key = (encounter.date, provider_key(encounter))
        by_key[key] = merge(by_key[key], encounter) if key in by_key else encounter
    # An unnamed reading of a visit merges into the named one at the same facility.
    for (when, who), encounter in list(by_key.items()):
        if not who.startswith("facility:"):
            continue
        named = [
            other_who
            for (other_when, other_who), other in by_key.items()
            if other_when == when
            and not other_who.startswith("facility:")
            and _facility_key(other.facility) == who.removeprefix("facility:")
        ]
        if len(named) > 1:
            # Several clinicians that day (the emergency physician, the
            # radiologist): the one whose reading shares a page with it.
            pages = {(c.document, c.page) for c in encounter.citations}
            named = [
                other_who
                for other_who in named
                if pages
                & {(c.document, c.page) for c in by_key[(when, other_who)].citations}
            ]
        if len(named) == 1:
            target = (when, named[0])
            by_key[target] = merge(by_key[target], encounter)
            del by_key[(when, who)]
    ordered = sorted(
        by_key.values(), key=lambda item: (item.date or date.min, item.provider or "")
    )
    return ordered + undated + _reported_once(reported, ordered)


def _reported_once(
    reported: list[Encounter], visits: list[Encounter]
) -> list[Encounter]:
    """Each reported event once (the same date and clinician told in two notes is one
    event), and none that a visit of the records documents itself."""
    seen: dict[tuple[date | None, str], Encounter] = {}
    documented = {(v.date, key_of_display(v.provider or "")) for v in visits}
    visit_days = {v.date for v in visits}
    for event in reported:
        who = key_of_display(event.provider or "")
        if (event.date, who) in documented or (not who and event.date in visit_days):
            continue
        key = (event.date, who)
        seen[key] = merge(seen[key], event) if key in seen else event
    return sorted(
        seen.values(), key=lambda item: (item.date or date.min, item.provider or "")
    )


def _provider_names(encounters: list[Encounter]) -> dict[str, str]:
    """Each provider key's display name: its most frequent (then longest) form."""
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for encounter in encounters:
        if encounter.provider:
            forms[key_of_display(encounter.provider)][encounter.provider] += 1
    return {
        key: max(counter, key=lambda name: (counter[name], len(name)))
        for key, counter in forms.items()
    }


def _one_edit_apart(first: str, second: str) -> bool:
    """Whether one letter changed, added or dropped turns `first` into `second`."""
    if first == second or abs(len(first) - len(second)) > 1:
        return False
    if len(first) == len(second):
        return sum(a != b for a, b in zip(first, second, strict=True)) == 1
    short, long = sorted((first, second), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def near_clinician(
    key: str, names: Iterable[str], *, changed_only: bool = False
) -> str | None:
    """The one clinician of the records whose name a bill's name is an OCR misread
    of ("Itbarra" for "Ibarra"): same first initial, surname one letter apart, and
    no other clinician as near. Short surnames are left alone (one letter turns
    "Lee" into "Lew", a different person). `changed_only` admits a changed letter,
    never one added or dropped ("Mathews" and "Matthews" are two names)."""
    surname, _, initial = key.partition(":")
    if len(surname) < 5 or not initial:
        return None
    near = [
        other
        for other in names
        if other.partition(":")[2] == initial
        and (not changed_only or len(other.partition(":")[0]) == len(surname))
        and _one_edit_apart(surname, other.partition(":")[0])
    ]
    return near[0] if len(near) == 1 else None


def unify_spellings(
    encounters: list[Encounter], statements: Iterable[Statement] = ()
) -> tuple[list[Encounter], list[str]]:
    """Visits whose clinician's surname OCR spoiled by one letter ("Lindavist" for
    "Lindqvist") given the spelling the records read more often, so that the same
    visit in two productions merges and the provider summary counts one clinician.

    "More often" counts the places a name was read, not the visits: each page that
    opens a visit under it, and each bill naming it. A treatment log names its
    therapist once for a page of visits, and that one misreading must not outweigh
    the name read right on another page and on the bill.

    Only where it is unlikely to be two people: same first initial, a surname of five
    letters or more with one letter changed (never added or dropped: "Mathews" and
    "Matthews" are two names), the only spelling that near, read in at least twice as
    many places, at the facility the visit names, where that spelling is seen too.
    Each respelling is in the rule of the visit's provenance and in a warning naming
    the page: a reviewer can undo it.
    """
    places: dict[str, set[tuple[str, int | str]]] = defaultdict(set)
    facilities: dict[str, set[str]] = defaultdict(set)
    for encounter in encounters:
        if encounter.provider:
            key = provider_key(encounter)
            first = encounter.citations[0] if encounter.citations else None
            places[key].add(
                (first.document, first.page) if first else ("uncited", id(encounter))
            )
            facilities[key].add(_facility_key(encounter.facility))
    for index, statement in enumerate(statements):
        places[key_of_display(statement.provider)].add(("bill", index))
    named = {key for key in places if key in facilities}
    common = _provider_names(encounters)
    unified: list[Encounter] = []
    notes: list[str] = []
    for encounter in encounters:
        key = provider_key(encounter) if encounter.provider else ""
        near = near_clinician(key, named, changed_only=True)
        facility = _facility_key(encounter.facility)
        if (
            near is None
            or len(places[near]) < 2 * len(places[key])
            or not facility
            or facility not in facilities[near]
        ):
            unified.append(encounter)
            continue
        rule = f"{encounter.provenance.rule};provider.one-letter-respelled"
        where = ", ".join(f"{c.document} p. {c.page}" for c in encounter.citations[:2])
        notes.append(
            f"The clinician read as {encounter.provider!r} ({where}) is taken as "
            f"{common[near]!r}, one letter apart and read so in more places."
        )
        unified.append(
            replace(
                encounter,
                provider=common[near],
                provenance=replace(encounter.provenance, rule=rule),
            )
        )
    return unified, notes


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
        where = _facility_key(encounter.facility)
        if encounter.provider and where:
            at_facility[where].add(key_of_display(encounter.provider))
            spelled.setdefault(where, encounter.facility or "")
    facility = _facility_key(statement.facility or statement.provider)
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
    names = _provider_names(encounters)
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
        where = _facility_key(known or statement.facility or "")
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
        key = _facility_key(name) or name
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
    key = _facility_key(facility)
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
        spelled.setdefault(_facility_key(facility), facility)
    return spelled


def gaps_in_care(
    encounters: list[Encounter], incident: date | None, threshold: int
) -> list[Gap]:
    days = sorted(
        {
            e.date
            for e in encounters
            if e.date and (incident is None or e.date >= incident)
        }
    )
    return [Gap(a, b) for a, b in pairwise(days) if (b - a).days > threshold]


def missing_documents(encounters: list[Encounter], bills: list[Bill]) -> list[Missing]:
    """A visit no bill charges for, and a billed date with no record of a visit."""
    # A bill is matched to visits by the clinicians it charges for and by its
    # facility: bills are filed under the billing facility, visits under their
    # clinician.
    billed: set[tuple[str, date | None]] = set()
    for bill in bills:
        keys = _bill_match_keys(bill)
        for line in bill.charges:
            billed.update((key, line.date) for key in keys)
    seen: set[tuple[str, date | None]] = set()
    missing: list[Missing] = []
    for encounter in encounters:
        if encounter.date is None or not encounter.provider:
            continue
        if encounter.pre_incident:
            continue  # care before the injury is not part of the specials
        keys = {key_of_display(encounter.provider)}
        if encounter.facility:
            keys.add("facility:" + _facility_key(encounter.facility))
        seen.update((key, encounter.date) for key in keys)
        if not any((key, encounter.date) in billed for key in keys):
            missing.append(Missing("bill", encounter.provider, encounter.date))
    for bill in bills:
        keys = _bill_match_keys(bill)
        for when in sorted({line.date for line in bill.charges if line.date}):
            if not any((key, when) in seen for key in keys):
                missing.append(Missing("record", bill.provider, when))
    unique = list(dict.fromkeys(missing))
    unique.sort(key=lambda item: (item.date or date.min, item.provider, item.kind))
    return unique


def _bill_match_keys(bill: Bill) -> set[str]:
    keys = {key_of_display(name) for name in bill.clinicians}
    keys.add(key_of_display(bill.provider) or bill.provider)
    keys.add("facility:" + _facility_key(bill.provider))
    return keys


def providers_summary(
    encounters: list[Encounter], bills: list[Bill]
) -> list[ProviderSummary]:
    names = _provider_names(encounters)
    visits: dict[str, list[date]] = defaultdict(list)
    for encounter in encounters:
        if encounter.provider:
            visits[key_of_display(encounter.provider)].append(
                encounter.date or date.min
            )
    charges: dict[str, int] = defaultdict(int)
    for bill in bills:
        # A facility's bill counts for its one clinician; a bill of several
        # clinicians' care stands under the facility's name.
        key = (
            key_of_display(bill.clinicians[0])
            if len(bill.clinicians) == 1
            else key_of_display(bill.provider) or bill.provider
        )
        charges[key] += bill.charges_cents
        names.setdefault(key, bill.provider)
    summary = []
    for key, name in names.items():
        dated = sorted(day for day in visits.get(key, []) if day != date.min)
        summary.append(
            ProviderSummary(
                name=name,
                first_visit=dated[0] if dated else None,
                last_visit=dated[-1] if dated else None,
                visits=len(visits.get(key, [])),
                charges_cents=charges.get(key, 0),
            )
        )
    summary.sort(key=lambda item: (item.first_visit or date.max, item.name))
    return summary


def assemble(
    encounters: Iterable[Encounter],
    statements: list[Statement],
    *,
    incident_date: date | None = None,
    gap_days: int = DEFAULT_GAP_DAYS,
    warnings: Iterable[str] = (),
    identities: Identities | None = None,
    patient: Patient | None = None,
) -> Chronology:
    """The engine's chronology: another patient's pages left out, duplicates merged,
    names unified, bills built."""
    separated = separate(
        list(encounters), statements, identities or Identities(), patient
    )
    statements = separated.statements
    encounters, respelled = unify_spellings(separated.encounters, statements)
    merged = deduplicate(encounters)
    names = _provider_names(merged)
    merged = [
        replace(e, provider=names.get(key_of_display(e.provider), e.provider))
        if e.provider
        else e
        for e in merged
    ]
    bills, attributed = build_bills(statements, [e for e in merged if e.is_visit])
    notes = [*warnings, *separated.notes, *respelled, *attributed]
    for statement in statements:
        notes += statement.notes
    for bill in bills:
        if not bill.reconciled:
            differs = bill.stated_total_cents not in (None, bill.charges_cents)
            notes.append(
                f"The bill of {bill.provider} states a total that differs from the "
                "sum of its lines."
                if differs
                else f"The bill of {bill.provider} does not reconcile by its own "
                "arithmetic; see the notes on it."
            )
    return replace(
        summarise(
            merged,
            bills,
            incident_date=incident_date,
            gap_days=gap_days,
            warnings=notes,
        ),
        patient=separated.patient,
        excluded=separated.excluded,
    )


def encounter_warnings(encounters: Iterable[Encounter]) -> list[str]:
    """What a reviewer must check by hand: no date, no provider, a citation that does
    not verify."""
    notes = []
    for encounter in encounters:
        where = ", ".join(f"{c.document} p. {c.page}" for c in encounter.citations[:3])
        if encounter.date is None:
            notes.append(
                f"An encounter has no date of service ({where}); check it by hand."
            )
        if not encounter.provider:
            notes.append(
                f"No provider was found for the visit on {encounter.date} ({where})."
            )
        if not encounter.verified:
            notes.append(
                f"A citation of the visit on {encounter.date} does not verify "
                f"({where})."
            )
    return notes


def summarise(
    encounters: Iterable[Encounter],
    bills: Iterable[Bill],
    *,
    incident_date: date | None = None,
    gap_days: int = DEFAULT_GAP_DAYS,
    warnings: Iterable[str] = (),
) -> Chronology:
    """Gaps, pre-incident flags, totals, provider summary and missing documents over
    encounters as they stand (the engine's, or a person's edited ones: no merging)."""
    ordered = sorted(
        encounters,
        key=lambda item: (
            item.date is None,
            item.date or date.min,
            item.provider or "",
        ),
    )
    ordered = [
        replace(
            e, pre_incident=bool(incident_date and e.date and e.date < incident_date)
        )
        for e in ordered
    ]
    bill_list = list(bills)
    # Reported events are told, not documented: no gaps, bills or providers of theirs.
    visits = [e for e in ordered if e.is_visit]
    notes = [*warnings, *encounter_warnings(visits)]
    return Chronology(
        incident_date=incident_date,
        encounters=tuple(ordered),
        bills=tuple(bill_list),
        totals=Totals(
            charges_cents=sum(bill.charges_cents for bill in bill_list),
            payments_cents=sum(bill.payments_cents for bill in bill_list),
            adjustments_cents=sum(bill.adjustments_cents for bill in bill_list),
            balance_cents=sum(bill.balance_cents for bill in bill_list),
        ),
        gaps=tuple(gaps_in_care(visits, incident_date, gap_days)),
        providers=tuple(providers_summary(visits, bill_list)),
        missing=tuple(missing_documents(visits, bill_list)),
        warnings=tuple(dict.fromkeys(notes)),
        gap_days=gap_days,
    )
