"""A template's merge fields: listed with their paths, and every field the context does
not define refused with its place in the document as the author sees it."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence

import pytest
from docx import Document

from paradesk.engines.drafting import fields
from paradesk.engines.drafting.exceptions import TemplateError, TemplateFieldError


def _docx(
    paragraphs: Sequence[str] = (),
    *,
    table: Sequence[Sequence[str]] = (),
    header: str = "",
    footer: str = "",
) -> bytes:
    """A real .docx written by python-docx: paragraphs, then a table, then nothing."""
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, text in enumerate(row):
                grid.cell(r, c).text = text
    if header:
        document.sections[0].header.paragraphs[0].text = header
    if footer:
        document.sections[0].footer.paragraphs[0].text = footer
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _with_content_types(data: bytes, old: str, new: str) -> bytes:
    """The same package with one content type swapped (a .docm is a .docx whose main
    part says macroEnabled)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                assert old.encode() in content
                content = content.replace(old.encode(), new.encode())
            target.writestr(item, content)
    return out.getvalue()


SPECIALS_TABLE = (
    ("Provider", "Charges", "Balance"),
    ("{%tr for line in specials.lines %}", "", ""),
    ("{{ line.provider }}", "{{ line.charges }}", "{{ line.balance }}"),
    ("{%tr endfor %}", "", ""),
    ("Total", "{{ specials.total.charges }}", "{{ specials.total.balance }}"),
)


def test_fields_are_listed_with_paths_including_loop_items() -> None:
    template = _docx(
        ["Dear {{ recipient.name }},", "Re: {{ letter.re }}"],
        table=SPECIALS_TABLE,
        header="{{ firm.name }}",
    )

    check = fields.check(template)

    assert check.paths == [
        "recipient.name",
        "letter.re",
        "specials.lines",
        "specials.lines[].provider",
        "specials.lines[].charges",
        "specials.lines[].balance",
        "specials.total.charges",
        "specials.total.balance",
        "firm.name",
    ]
    assert check.problems == ()
    by_path = {use.path: use.where for use in check.fields}
    assert by_path["letter.re"].part == "body"
    assert by_path["letter.re"].place == "paragraph 2"
    assert by_path["specials.lines[].charges"].place == "table 1, row 3, cell 2"
    assert by_path["firm.name"].part == "header 1"


def test_nested_loops_and_string_methods_name_the_field_used() -> None:
    check = fields.check(
        _docx(
            [
                "{% for t in treatment %}{% for d in t.diagnoses %}"
                "{{ d.code }}{% endfor %}{% endfor %}",
                "{{ letter.demand.upper() }} {{ client['name'] }}",
                "{% for line in client.address_lines %}{{ line }}{% endfor %}",
            ]
        )
    )

    assert check.paths == [
        "treatment",
        "treatment[].diagnoses",
        "treatment[].diagnoses[].code",
        "letter.demand",
        "client.name",
        "client.address_lines",
        "client.address_lines[]",
    ]


@pytest.mark.parametrize(
    ("template", "message", "part", "place", "text"),
    [
        pytest.param(
            _docx(["Dear {{ recipient.name }},", "x", "To {{ reciever.name }}"]),
            'Unknown field "reciever"',
            "body",
            "paragraph 3",
            "To {{ reciever.name }}",
            id="unknown top-level name",
        ),
        pytest.param(
            _docx(["{{ letter.date_long }}", "We demand {{ letter.demnd }} now."]),
            'Unknown field "letter.demnd"',
            "body",
            "paragraph 2",
            "We demand {{ letter.demnd }} now.",
            id="unknown attribute",
        ),
        pytest.param(
            _docx(
                ["Specials"],
                table=(
                    ("Total", "Amount"),
                    ("Charges", "{{ specials.total.chargs }}"),
                ),
            ),
            'Unknown field "specials.total.chargs"',
            "body",
            "table 1, row 2, cell 2",
            "{{ specials.total.chargs }}",
            id="unknown attribute in a table cell",
        ),
        pytest.param(
            _docx(["{{ specials.lines.charges }}"]),
            '"specials.lines" is a list: loop over it to use "charges" of its items',
            "body",
            "paragraph 1",
            "{{ specials.lines.charges }}",
            id="attribute of a list",
        ),
        pytest.param(
            _docx(["Hello", "{{ client.name|shout }}"]),
            'Unknown filter "shout"',
            "body",
            "paragraph 2",
            "{{ client.name|shout }}",
            id="unknown filter",
        ),
        pytest.param(
            _docx(["Body {{ client.name }}"], header="{{ firm.nam }} letterhead"),
            'Unknown field "firm.nam"',
            "header 1",
            "paragraph 1",
            "{{ firm.nam }} letterhead",
            id="unknown attribute in the header",
        ),
        pytest.param(
            _docx(["Body"], footer="Page of {{ matter.numbr }}"),
            'Unknown field "matter.numbr"',
            "footer 1",
            "paragraph 1",
            "Page of {{ matter.numbr }}",
            id="unknown attribute in the footer",
        ),
        pytest.param(
            _docx(
                [
                    "{%for t in treatment%}{%for d in t.diagnoses%}{{d.cde}}{%endfor%}"
                    "{%endfor%}"
                ]
            ),
            'Unknown field "treatment[].diagnoses[].cde"',
            "body",
            "paragraph 1",
            "{%for t in treatment%}{%for d in t.diagnoses%}{{d.cde}}{%endfor%}"
            "{%endfor%}",
            id="unknown attribute of a nested loop item",
        ),
        pytest.param(
            _docx(["{% for c in letter.demand_cents %}{{ c }}{% endfor %}"]),
            '"letter.demand_cents" is not a list and cannot be looped over',
            "body",
            "paragraph 1",
            "{% for c in letter.demand_cents %}{{ c }}{% endfor %}",
            id="loop over a number",
        ),
    ],
)
def test_an_unknown_field_is_refused_with_its_place_and_text(
    template: bytes, message: str, part: str, place: str, text: str
) -> None:
    with pytest.raises(TemplateFieldError) as raised:
        fields.check(template)

    (problem,) = raised.value.problems
    assert problem.message == message
    assert (problem.where.part, problem.where.place, problem.where.text) == (
        part,
        place,
        text,
    )
    assert str(raised.value) == f'{message} in the {part}, {place} ("{text}")'


def test_inspect_reports_every_problem_without_raising() -> None:
    result = fields.inspect(
        _docx(["{{ client.name }}", "{{ client.nmae }}", "{{ firm.adress }}"])
    )

    assert result.paths == ["client.name"]
    assert [p.message for p in result.problems] == [
        'Unknown field "client.nmae"',
        'Unknown field "firm.adress"',
    ]
    assert [p.where.place for p in result.problems] == ["paragraph 2", "paragraph 3"]


def test_more_than_five_problems_are_counted_not_all_listed() -> None:
    template = _docx([f"{{{{ client.wrong{n} }}}}" for n in range(7)])

    with pytest.raises(TemplateFieldError) as raised:
        fields.check(template)

    assert len(raised.value.problems) == 7
    assert str(raised.value).endswith("; and 2 more")
    assert "client.wrong4" in str(raised.value)
    assert "client.wrong5" not in str(raised.value)


def test_a_long_paragraph_is_shortened_in_the_message() -> None:
    text = "{{ client.nam }} " + "word " * 40
    with pytest.raises(TemplateFieldError) as raised:
        fields.check(_docx([text]))

    shown = raised.value.problems[0].where
    assert len(str(shown)) < 120
    assert str(shown).endswith('...")')


def test_a_syntax_error_names_its_paragraph() -> None:
    template = _docx(["Dear {{ recipient.name }},", "{% if client.name %}unclosed"])

    with pytest.raises(TemplateError) as raised:
        fields.inspect(template)

    message = str(raised.value)
    assert message.startswith(
        "Template syntax error in the body, paragraph 2 "
        '("{% if client.name %}unclosed")'
    )
    assert "endif" in message


def test_a_syntax_error_in_a_table_cell_names_the_cell() -> None:
    template = _docx(["ok"], table=(("a", "b"), ("c", "{{ client.name }")))

    with pytest.raises(TemplateError, match=r"table 1, row 2, cell 2"):
        fields.inspect(template)


@pytest.mark.parametrize(
    "expression",
    [
        "{{ letter.demand.__class__ }}",
        "{{ letter.demand.__class__.__mro__ }}",
        "{{ client.name.__init__.__globals__ }}",
        "{{ ''.__class__ }}",
        "{{ client['__class__'] }}",
        "{{ client|attr('__class__') }}",
        "{% for t in treatment %}{{ loop.__class__ }}{% endfor %}",
        "{{ letter.model_dump() }}",
        "{{ letter.model_fields }}",
        "{{ schema }}",
        "{{ lipsum.__globals__ }}",
        "{{ range.__self__ }}",
    ],
)
def test_reaching_python_internals_is_refused_at_check_time(expression: str) -> None:
    with pytest.raises(TemplateFieldError) as raised:
        fields.check(_docx(["Hello", expression]))

    assert len(raised.value.problems) == 1
    assert raised.value.problems[0].where.place == "paragraph 2"
    assert raised.value.problems[0].message.startswith('Unknown field "')


def test_the_attr_filter_needs_a_quoted_name() -> None:
    with pytest.raises(TemplateFieldError, match='"attr" filter needs a quoted'):
        fields.check(_docx(["{{ client|attr(letter.re) }}"]))


@pytest.mark.parametrize(
    "tag",
    [
        "{% include 'letterhead.docx' %}",
        "{% import 'macros.docx' as m %}",
        "{% from 'macros.docx' import sign %}",
        "{% extends 'base.docx' %}",
    ],
)
def test_including_or_importing_other_templates_is_refused(tag: str) -> None:
    with pytest.raises(TemplateFieldError) as raised:
        fields.check(_docx(["First", tag]))

    (problem,) = raised.value.problems
    assert problem.message == "Templates may not include or import other templates"
    assert problem.where.place == "paragraph 2"


def test_names_the_template_defines_itself_are_known() -> None:
    check = fields.check(
        _docx(
            [
                "{% set who = client.name %}{{ who }}",
                "{% macro sign(n) %}{{ n }}{% endmacro %}{{ sign(signer.name) }}",
                "{% for line in specials.lines %}{{ loop.index }}{% endfor %}",
            ]
        )
    )

    assert check.paths == ["client.name", "signer.name", "specials.lines"]


def test_a_loop_variable_is_unknown_after_its_loop() -> None:
    with pytest.raises(TemplateFieldError, match='Unknown field "line"'):
        fields.check(
            _docx(
                [
                    "{% for line in specials.lines %}{{ line.charges }}{% endfor %}",
                    "{{ line.charges }}",
                ]
            )
        )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The template file is empty."),
        (b"%PDF-1.7 not a word file", "not an Office Open XML package"),
        (b"PK\x03\x04 truncated", "not an Office Open XML package"),
    ],
)
def test_a_file_that_is_not_a_docx_is_refused(data: bytes, message: str) -> None:
    with pytest.raises(TemplateError, match=message):
        fields.inspect(data)


def test_a_macro_enabled_document_is_refused() -> None:
    docm = _with_content_types(
        _docx(["{{ client.name }}"]),
        fields.DOCX_CONTENT_TYPE,
        "application/vnd.ms-word.document.macroEnabled.main+xml",
    )

    with pytest.raises(TemplateError, match=r"Macro-enabled Word files"):
        fields.inspect(docm)


def test_an_office_file_that_is_not_word_is_refused() -> None:
    other = _with_content_types(
        _docx(["x"]),
        fields.DOCX_CONTENT_TYPE,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    )

    with pytest.raises(TemplateError, match=r"not a Word document \(\.docx\)"):
        fields.inspect(other)


def test_a_template_with_no_fields_passes_with_none_listed() -> None:
    check = fields.check(_docx(["A plain letter with no merge fields."]))

    assert check.fields == ()
    assert check.paths == []


def test_multiplication_that_could_exhaust_memory_is_refused() -> None:
    document = Document()
    document.add_paragraph("{{ client.name * 1000000000 }}")
    document.add_paragraph("{{ letter.demand_cents ** 99 }}")
    buffer = io.BytesIO()
    document.save(buffer)
    problems = [str(problem) for problem in fields.inspect(buffer.getvalue()).problems]
    assert problems == [
        "Multiplication and powers are not allowed in templates in the body, "
        'paragraph 1 ("{{ client.name * 1000000000 }}")',
        "Multiplication and powers are not allowed in templates in the body, "
        'paragraph 2 ("{{ letter.demand_cents ** 99 }}")',
    ]


def test_a_template_that_unpacks_to_too_much_is_refused() -> None:
    import zipfile

    from paradesk.engines.drafting.exceptions import TemplateError

    document = Document()
    document.add_paragraph("{{ client.name }}")
    buffer = io.BytesIO()
    document.save(buffer)
    bomb = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source,
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            target.writestr(entry, source.read(entry))
        target.writestr(
            "word/media/padding.bin", b"\0" * (fields.MAX_UNPACKED_BYTES + 1)
        )
    assert len(bomb.getvalue()) < 1024 * 1024  # small on the wire
    with pytest.raises(TemplateError, match="unpacks to more than 64 MB"):
        fields.inspect(bomb.getvalue())
