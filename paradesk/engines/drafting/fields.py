"""A template's merge fields, checked against the typed context before it is used.

docxtpl can list a template's undeclared top-level names, but not the attribute paths
(`letter.demnd`), not the type of a loop variable (`line` in `specials.lines`), and not
where in the document a name stands. A firm uploading a template needs all three, so
this walk over Jinja's syntax tree is ours: it resolves every name and attribute
against `DraftContext`'s fields, carrying loop variables' element types, and reports
each unknown field with the paragraph it stands in.

Where: each paragraph is marked with its number before docxtpl rewrites the XML, and
each mark starts a new line of the Jinja source, so a node's line number leads back to
its paragraph in the document as the author sees it.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from typing import Any, get_args, get_origin

from docxtpl import DocxTemplate
from jinja2 import TemplateSyntaxError, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment
from lxml import etree  # type: ignore[import-untyped]  # lxml ships no type hints
from pydantic import BaseModel

from paradesk.engines.drafting.context import DraftContext, template_names
from paradesk.engines.drafting.exceptions import TemplateError, TemplateFieldError

DOCX_CONTENT_TYPE = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
)
_WORDML = "application/vnd.openxmlformats-officedocument.wordprocessingml"
_PARTS = {
    DOCX_CONTENT_TYPE: "body",
    f"{_WORDML}.header+xml": "header",
    f"{_WORDML}.footer+xml": "footer",
    f"{_WORDML}.footnotes+xml": "footnotes",
}
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
_MACRO_TYPES = (
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)


def environment() -> ImmutableSandboxedEnvironment:
    """The Jinja environment templates are checked and rendered in.

    Sandboxed because a firm's uploaded template is code: it may read the context's
    fields and call nothing that reaches Python's internals.
    """
    from jinja2 import StrictUndefined

    return ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=True)


@dataclass(frozen=True)
class Where:
    part: str
    place: str
    text: str

    def __str__(self) -> str:
        snippet = self.text if len(self.text) <= 80 else self.text[:77] + "..."
        return f'{self.part}, {self.place} ("{snippet}")'


@dataclass(frozen=True)
class FieldUse:
    """One use of a context field: its path (`specials.lines[].charges`) and place."""

    path: str
    where: Where


@dataclass(frozen=True)
class Problem:
    message: str
    where: Where

    def __str__(self) -> str:
        return f"{self.message} in the {self.where}"


# --- the context's types -----------------------------------------------------------


@dataclass(frozen=True)
class _Obj:
    model: type[BaseModel]


@dataclass(frozen=True)
class _List:
    item: _Type


@dataclass(frozen=True)
class _Leaf:
    python: type


@dataclass(frozen=True)
class _Anything:
    """A value whose shape the check does not know (`loop`, a filter's result)."""


@dataclass(frozen=True)
class _Refused:
    """An expression already reported: what follows it (`.a.b`) is not reported
    again."""


_Type = _Obj | _List | _Leaf | _Anything | _Refused


def _type_of(annotation: Any) -> _Type:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _Obj(annotation)
    if get_origin(annotation) is list:
        (item,) = get_args(annotation)
        return _List(_type_of(item))
    if isinstance(annotation, type):
        return _Leaf(annotation)
    return _Anything()


def _field_type(model: type[BaseModel], name: str) -> _Type | None:
    field = model.model_fields.get(name)
    if field is None or name.endswith("_"):
        return None
    return _type_of(field.annotation)


# --- reading a DOCX's parts --------------------------------------------------------


@dataclass(frozen=True)
class _Part:
    label: str
    source: str  # patched XML, one original paragraph per line
    places: dict[int, Where]  # paragraph number -> where it stands

    def where(self, line: int) -> Where:
        lines = self.source.split("\n")
        found = _MARK.search(lines[line - 1]) if 0 < line <= len(lines) else None
        place = self.places.get(int(found.group(1))) if found else None
        if place is None:
            return Where(self.label, "outside any paragraph", "")
        return Where(self.label, place.place, place.text)


_MARK = re.compile(r"<!--pd:(\d+)-->")
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _numbered(xml: str) -> tuple[str, dict[int, Where]]:
    """Marks each paragraph with a number (an XML comment docxtpl leaves alone) and
    says where each stands as the author sees it: "paragraph 4", or "table 1, row 2,
    cell 3" inside a table, with the paragraph's text."""
    root = etree.fromstring(xml.encode("utf-8"))
    places: dict[int, Where] = {}
    tables: dict[Any, int] = {}
    outside = 0
    for number, paragraph in enumerate(root.iter(f"{{{_W}}}p"), start=1):
        text = " ".join("".join(paragraph.itertext()).split())
        cell = next(paragraph.iterancestors(f"{{{_W}}}tc"), None)
        if cell is None:
            outside += 1
            place = f"paragraph {outside}"
        else:
            row = cell.getparent()
            table = row.getparent() if row is not None else None
            if table not in tables:
                tables[table] = len(tables) + 1
            rows = list(table.iterchildren(f"{{{_W}}}tr")) if table is not None else []
            cells = list(row.iterchildren(f"{{{_W}}}tc")) if row is not None else []
            place = (
                f"table {tables[table]}, row {rows.index(row) + 1}, "
                f"cell {cells.index(cell) + 1}"
            )
        places[number] = Where("", place, text)
        paragraph.insert(0, etree.Comment(f"pd:{number}"))
    return etree.tostring(root, encoding="unicode"), places


def load(data: bytes) -> DocxTemplate:
    """Opens DOCX bytes as a template.

    Raises:
        TemplateError: not a Word document (or a macro-enabled one).
    """
    if not data:
        raise TemplateError("The template file is empty.")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(entry.file_size for entry in archive.infolist())
            if unpacked > MAX_UNPACKED_BYTES:
                # A small upload can unpack to gigabytes (a "zip bomb"): refuse it
                # before python-docx inflates a single part.
                raise TemplateError(
                    "This Word document unpacks to more than "
                    f"{MAX_UNPACKED_BYTES // (1024 * 1024)} MB; a letter template "
                    "never needs that much."
                )
            types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError):
        raise TemplateError(
            "This is not a Word document (.docx): it is not an Office Open XML package."
        ) from None
    if any(kind in types for kind in _MACRO_TYPES):
        raise TemplateError(
            "Macro-enabled Word files (.docm, .dotm) are refused: save the template "
            "as a plain .docx."
        )
    if DOCX_CONTENT_TYPE not in types:
        raise TemplateError("This Office file is not a Word document (.docx).")
    try:
        template = DocxTemplate(io.BytesIO(data))
        template.init_docx()
    except Exception as error:  # python-docx raises many kinds on a damaged package
        raise TemplateError(
            f"The Word document could not be read ({type(error).__name__})."
        ) from None
    return template


def _parts(template: DocxTemplate) -> list[_Part]:
    parts: list[_Part] = []
    headers = footers = 0
    for part in template.docx.part.package.iter_parts():
        kind = _PARTS.get(part.content_type)
        if kind is None:
            continue
        blob = part.blob
        xml = blob.decode("utf-8") if isinstance(blob, bytes) else str(blob)
        if kind == "body":
            label = "body"
        elif kind == "header":
            headers += 1
            label = f"header {headers}"
        elif kind == "footer":
            footers += 1
            label = f"footer {footers}"
        else:
            label = kind
        marked, places = _numbered(xml)
        patched = _MARK.sub(lambda m: "\n" + m.group(0), template.patch_xml(marked))
        parts.append(_Part(label, patched, places))
    parts.sort(key=lambda part: (part.label != "body", part.label))
    return parts


# --- the walk ------------------------------------------------------------------------


class _Walker:
    def __init__(self, part: _Part, filters: set[str]) -> None:
        self.part = part
        self.filters = filters
        self.uses: list[FieldUse] = []
        self.problems: list[Problem] = []
        root = DraftContext.model_fields
        self.scope: dict[str, tuple[_Type, str]] = {
            name: (_type_of(root[name].annotation), name) for name in template_names()
        }

    def problem(self, node: nodes.Node, message: str) -> None:
        self.problems.append(Problem(message, self.part.where(node.lineno)))

    def walk(self, node: nodes.Node) -> None:
        if isinstance(node, nodes.For):
            self.walk_for(node)
            return
        if isinstance(node, nodes.Assign | nodes.AssignBlock):
            self.walk_assign(node)
            return
        if isinstance(node, nodes.Macro | nodes.CallBlock):
            self.walk_macro(node)
            return
        if isinstance(node, nodes.Name | nodes.Getattr | nodes.Getitem):
            self.resolve(node)
            return
        if isinstance(node, nodes.Filter | nodes.Test):
            self.walk_filter(node)
            return
        if isinstance(
            node, nodes.Include | nodes.Import | nodes.FromImport | nodes.Extends
        ):
            self.problem(node, "Templates may not include or import other templates")
            return
        if isinstance(node, nodes.Mul | nodes.Pow):
            # The sandbox bounds what a template may reach, not how much memory it
            # may ask for: `{{ client.name * 10**9 }}` would fill the server's memory.
            # The context's amounts come ready to print, so no letter needs these.
            self.problem(node, "Multiplication and powers are not allowed in templates")
        for child in node.iter_child_nodes():
            self.walk(child)

    def walk_filter(self, node: nodes.Filter | nodes.Test) -> None:
        if isinstance(node, nodes.Filter) and node.name not in self.filters:
            self.problem(node, f'Unknown filter "{node.name}"')
        if isinstance(node, nodes.Filter) and node.name == "attr":
            # `x|attr("name")` is `x.name` by another spelling: check it the same
            # way, so `client|attr("__class__")` is refused here, not at render.
            (name, *_) = [*node.args, None]
            if node.node is not None and isinstance(name, nodes.Const):
                self.member(node, node.node, str(name.value))
            else:
                self.problem(node, 'The "attr" filter needs a quoted field name')
            for child in (*node.args[1:], *node.kwargs):
                self.walk(child)
            return
        for child in node.iter_child_nodes():
            self.walk(child)

    def bind(self, target: nodes.Node, kind: _Type, path: str) -> list[str]:
        names: list[str] = []
        if isinstance(target, nodes.Name):
            self.scope[target.name] = (kind, path)
            names.append(target.name)
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                names += self.bind(item, _Anything(), path)
        return names

    def walk_for(self, node: nodes.For) -> None:
        kind, path = self.resolve(node.iter)
        if isinstance(kind, _List):
            item, item_path = kind.item, f"{path}[]"
        elif isinstance(kind, _Leaf):
            self.problem(node, f'"{path}" is not a list and cannot be looped over')
            item, item_path = _Anything(), path
        else:
            item, item_path = _Anything(), path
        saved = dict(self.scope)
        self.bind(node.target, item, item_path)
        self.scope["loop"] = (_Anything(), "loop")
        if node.test is not None:
            self.walk(node.test)
        for child in node.body:
            self.walk(child)
        self.scope = saved
        for child in node.else_:
            self.walk(child)

    def walk_assign(self, node: nodes.Assign | nodes.AssignBlock) -> None:
        if isinstance(node, nodes.Assign):
            self.walk(node.node)
        else:
            for child in node.body:
                self.walk(child)
        self.bind(node.target, _Anything(), "")

    def walk_macro(self, node: nodes.Macro | nodes.CallBlock) -> None:
        saved = dict(self.scope)
        for argument in node.args:
            self.bind(argument, _Anything(), "")
        self.scope["caller"] = (_Anything(), "")
        for child in node.body:
            self.walk(child)
        self.scope = saved
        if isinstance(node, nodes.Macro):
            self.scope[node.name] = (_Anything(), "")
        else:
            self.walk(node.call)

    def resolve(self, node: nodes.Node) -> tuple[_Type, str]:
        """The type and path of an expression; records the use or the problem."""
        if isinstance(node, nodes.Name):
            bound = self.scope.get(node.name)
            if bound is None:
                self.problem(node, f'Unknown field "{node.name}"')
                return _Refused(), node.name
            if bound[1] and bound[1] != "loop":
                self.uses.append(FieldUse(bound[1], self.part.where(node.lineno)))
            return bound
        if isinstance(node, nodes.Getattr):
            return self.member(node, node.node, node.attr)
        if isinstance(node, nodes.Getitem):
            if isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
                return self.member(node, node.node, node.arg.value)
            kind, path = self.resolve(node.node)
            self.walk(node.arg)
            if isinstance(kind, _List):
                return kind.item, f"{path}[]"
            return _Anything(), path
        self.walk(node)
        return _Anything(), ""

    def member(
        self, node: nodes.Node, owner: nodes.Node, name: str
    ) -> tuple[_Type, str]:
        kind, path = self.resolve(owner)
        full = f"{path}.{name}" if path else name
        if isinstance(kind, _Refused):
            return kind, full
        if isinstance(kind, _Obj | _List) and self.uses and self.uses[-1].path == path:
            self.uses.pop()  # `letter.demand` is one use, not also `letter`
        if name.startswith("_"):
            # Python's internals (`__class__`, `_private`) whatever the owner, even
            # one whose type the check cannot know (`''`, `loop`, a filter's result).
            self.problem(node, f'Unknown field "{full}"')
            return _Refused(), full
        if isinstance(kind, _Obj):
            member = _field_type(kind.model, name)
            if member is None:
                self.problem(node, f'Unknown field "{full}"')
                return _Refused(), full
            self.uses.append(FieldUse(full, self.part.where(node.lineno)))
            return member, full
        if isinstance(kind, _Leaf):
            # A method of the value (`letter.demand.upper()`): the use stays
            # `letter.demand`.
            if not hasattr(kind.python, name):
                self.problem(node, f'Unknown field "{full}"')
                return _Refused(), full
            return _Anything(), full
        if isinstance(kind, _List):
            self.problem(
                node, f'"{path}" is a list: loop over it to use "{name}" of its items'
            )
            return _Refused(), full
        return _Anything(), full


@dataclass(frozen=True)
class Check:
    fields: tuple[FieldUse, ...]
    problems: tuple[Problem, ...]

    @property
    def paths(self) -> list[str]:
        """Each field path used, once, in first-use order."""
        return list(dict.fromkeys(use.path for use in self.fields))


def inspect(data: bytes) -> Check:
    """Every field a template uses and every problem with it, without raising for
    unknown fields (a syntax error or an unreadable file still raises).

    Raises:
        TemplateError: not a readable .docx, or a Jinja syntax error (with its place).
    """
    template = load(data)
    env = environment()
    filters = set(env.filters)
    uses: list[FieldUse] = []
    problems: list[Problem] = []
    for part in _parts(template):
        try:
            tree = env.parse(part.source)
        except TemplateSyntaxError as error:
            where = part.where(error.lineno or 0)
            raise TemplateError(
                f"Template syntax error in the {where}: {error.message}"
            ) from None
        walker = _Walker(part, filters)
        walker.walk(tree)
        uses += walker.uses
        problems += walker.problems
    return Check(fields=tuple(uses), problems=tuple(problems))


def check(data: bytes) -> Check:
    """`inspect`, raising when any field is unknown.

    Raises:
        TemplateError: unreadable file or syntax error.
        TemplateFieldError: one or more fields the context does not define, each named
            with its paragraph.
    """
    result = inspect(data)
    if result.problems:
        raise TemplateFieldError(result.problems)
    return result
