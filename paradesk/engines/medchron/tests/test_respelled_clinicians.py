"""A clinician's surname OCR spoiled by one letter in some visits is unified with the
spelling the records use more often, and only where it cannot be two people."""

from __future__ import annotations

from datetime import date

from paradesk.engines.medchron.assemble import assemble
from paradesk.engines.medchron.models import Citation, Encounter, Provenance


def visit(
    day: int, provider: str, facility: str | None = "Harbor Physical Therapy"
) -> Encounter:
    return Encounter(
        date=date(2024, 4, day),
        provider=provider,
        facility=facility,
        visit_type="physical_therapy",
        citations=(Citation("pt.pdf", day, f"DOS 4/{day}/24 {provider}", True),),
        provenance=Provenance("segment.strong-date;provider.treating-label"),
    )


def test_a_one_letter_misreading_joins_the_common_spelling_and_its_visit() -> None:
    encounters = [
        visit(2, "Erik Lindqvist, PT"),
        visit(9, "Erik Lindqvist, PT"),
        visit(16, "Erik Lindqvist, PT"),
        # The 4/16 visit again, from a second production whose scan spoiled the name.
        visit(16, "Erik Lindavist, PT"),
        visit(23, "Erik Lindavist, PT"),
    ]
    chronology = assemble(encounters, [])

    assert [(e.date, e.provider) for e in chronology.encounters] == [
        (date(2024, 4, day), "Erik Lindqvist, PT") for day in (2, 9, 16, 23)
    ]
    assert [(p.name, p.visits) for p in chronology.providers] == [
        ("Erik Lindqvist, PT", 4)
    ]
    respelled = chronology.encounters[3]
    assert respelled.provenance.rule.endswith("provider.one-letter-respelled")
    assert (
        "The clinician read as 'Erik Lindavist, PT' (pt.pdf p. 23) is taken as "
        "'Erik Lindqvist, PT', one letter apart and named so more often."
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
        # Another facility than any where the common spelling is seen.
        visit(10, "Omar Haddad, MD", "Eastside Imaging"),
        visit(11, "Omar Haddad, MD", "Eastside Imaging"),
        visit(12, "Omar Haddid, MD", "Westlake Orthopedics"),
    ]
    chronology = assemble(encounters, [])

    assert [e.provider for e in chronology.encounters] == [
        e.provider for e in encounters
    ]
    assert not any("one letter apart" in note for note in chronology.warnings)
