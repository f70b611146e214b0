"""A clinician's surname OCR spoiled by one letter in some visits is unified with the
spelling the records use more often, and only where it cannot be two people."""

from __future__ import annotations

from datetime import date

from paradesk.engines.medchron.assemble import assemble
from paradesk.engines.medchron.models import (
    BillLine,
    Citation,
    Encounter,
    EntryKind,
    Provenance,
    Statement,
)


def visit(
    day: int,
    provider: str,
    facility: str | None = "Harbor Physical Therapy",
    page: int | None = None,
) -> Encounter:
    return Encounter(
        date=date(2024, 4, day),
        provider=provider,
        facility=facility,
        visit_type="physical_therapy",
        citations=(
            Citation("pt.pdf", page or day, f"DOS 4/{day}/24 {provider}", True),
        ),
        provenance=Provenance("segment.strong-date;provider.treating-label"),
    )


def bill(provider: str) -> Statement:
    citation = Citation(
        "ledger.pdf", 1, "4/2/24 97110 THERAPEUTIC EXERCISE 95.00", True
    )
    line = BillLine(EntryKind.CHARGE, date(2024, 4, 2), "97110", None, 9500, citation)
    return Statement("ledger.pdf", provider, None, (line,), 9500)


def test_a_one_letter_misreading_joins_the_common_spelling_and_its_visit() -> None:
    encounters = [
        visit(2, "Erik Lindqvist, PT"),
        visit(9, "Erik Lindqvist, PT"),
        visit(16, "Erik Lindqvist, PT"),
        visit(30, "Erik Lindqvist, PT"),
        # The 4/16 visit again, from a second production whose scan spoiled the name.
        visit(16, "Erik Lindavist, PT"),
        visit(23, "Erik Lindavist, PT"),
    ]
    chronology = assemble(encounters, [])

    assert [(e.date, e.provider) for e in chronology.encounters] == [
        (date(2024, 4, day), "Erik Lindqvist, PT") for day in (2, 9, 16, 23, 30)
    ]
    assert [(p.name, p.visits) for p in chronology.providers] == [
        ("Erik Lindqvist, PT", 5)
    ]
    respelled = chronology.encounters[3]
    assert respelled.provenance.rule.endswith("provider.one-letter-respelled")
    assert (
        "The clinician read as 'Erik Lindavist, PT' (pt.pdf p. 23) is taken as "
        "'Erik Lindqvist, PT', one letter apart and read so in more places."
    ) in chronology.warnings


def test_names_that_may_be_two_people_stay_apart() -> None:
    encounters = [
        # As often one way as the other: which is the misreading cannot be told.
        visit(2, "Maria Castillo, MD"),
        visit(3, "Maria Castilla, MD"),
        # Short surnames: one letter makes another person.
        visit(4, "Anna Lee, DC"),
        visit(5, "Anna Lee, DC"),
        visit(6, "Anna Lew, DC"),
        # Another first initial.
        visit(7, "Paul Brennan, DO"),
        visit(8, "Paul Brennan, DO"),
        visit(9, "Rita Brenan, DO"),
        # A letter added, not changed: two names.
        visit(13, "Lena Matthews, MD"),
        visit(14, "Lena Matthews, MD"),
        visit(15, "Lena Matthews, MD"),
        visit(16, "Lena Mathews, MD"),
        # Read more often, but not twice as often.
        visit(17, "Greta Hansen, PT"),
        visit(18, "Greta Hansen, PT"),
        visit(19, "Greta Hansen, PT"),
        visit(20, "Greta Hanson, PT"),
        visit(21, "Greta Hanson, PT"),
        # No facility read for the rarer spelling.
        visit(22, "Ivan Petrakis, DO"),
        visit(23, "Ivan Petrakis, DO"),
        visit(24, "Ivan Petrakos, DO", None),
        # Another facility than any where the common spelling is seen.
        visit(10, "Omar Haddad, MD", "Eastside Imaging"),
        visit(11, "Omar Haddad, MD", "Eastside Imaging"),
        visit(12, "Omar Haddid, MD", "Westlake Orthopedics"),
    ]
    chronology = assemble(encounters, [])

    assert sorted((e.date, e.provider) for e in chronology.encounters) == sorted(
        (e.date, e.provider) for e in encounters
    )
    assert not any("one letter apart" in note for note in chronology.warnings)


def test_a_log_page_misreading_its_therapist_once_does_not_outweigh_the_bill() -> None:
    # A daily treatment log prints its therapist once for a page of visits: six
    # visits, one reading of the name. The name is read right on the next page and
    # on the bill.
    log = [visit(day, "Tamara Kowalezyk, DPT", page=1) for day in range(1, 7)]
    evaluation = visit(8, "Tamara Kowalczyk, DPT", page=2)

    with_bill = assemble([*log, evaluation], [bill("Tamara Kowalczyk, DPT")])
    assert {e.provider for e in with_bill.encounters} == {"Tamara Kowalczyk, DPT"}

    # Without the bill it is one reading against one: left as read.
    alone = assemble([*log, evaluation], [])
    assert [e.provider for e in alone.encounters] == [
        e.provider for e in [*log, evaluation]
    ]
