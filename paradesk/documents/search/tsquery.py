"""The search query language translated to PostgreSQL ``to_tsquery`` input.

The query is parsed by the tantivy engine's own parser
(``paradesk.engines.fulltext.query.parse``), so both backends accept exactly the same
language and refuse malformed input with the same ``QuerySyntaxError``. The syntax
tree is then written out in tsquery syntax: ``&``, ``|``, ``!`` and parentheses come
only from the tree, and every word or phrase the user typed becomes one single-quoted
operand with the two characters that could end or escape a quote (``'`` and ``\\``)
replaced by spaces. Inside quotes PostgreSQL hands the text to its word parser, which
treats ``:``, ``*``, ``|``, ``&``, ``!`` and ``<`` as punctuation, so nothing a user
types can become a tsquery operator. Both removed characters are word separators for
that parser anyway, so the words found are the same ones the pages were indexed with.

A quoted operand of several words becomes a phrase (``'a' <-> 'b'``), which is how
``to_tsquery`` treats one that its parser splits, so phrases and words that split
(``rear-end``, ``O'Brien``) match the way the page text was indexed.
"""

from __future__ import annotations

import re

from paradesk.engines.fulltext import QuerySyntaxError
from paradesk.engines.fulltext.query import (
    MAX_TERMS,
    MIN_PREFIX_CHARS,
    Node,
    Not,
    Or,
    Term,
    parse,
)

# Letters and digits, the way the tantivy analyzer splits words: used to decide
# whether a term has anything to look for, and how long a prefix is.
_WORD = re.compile(r"[^\W_]+")
# A quote would end the operand and a backslash would escape what follows; NUL cannot
# be sent to PostgreSQL in text at all.
_UNQUOTABLE = re.compile(r"['\\\x00]")
_NOT_ALONE = (
    "NOT and - need a word to search for beside them, as in: whiplash NOT neck."
)


def to_tsquery_text(text: str) -> str:
    """Translate a user's query into input for PostgreSQL's ``to_tsquery``.

    Args:
        text: The query as typed.

    Returns:
        tsquery text in which every user word sits inside a quoted operand.

    Raises:
        QuerySyntaxError: The query is malformed, has no word to look for, has only
            exclusions, or has too many words.
    """
    translator = _Translator()
    translated = translator.node(parse(text))
    if translated is None:
        raise QuerySyntaxError("The query has no letters or digits to search for.")
    return translated


def _quote(text: str) -> str:
    return "'" + _UNQUOTABLE.sub(" ", text) + "'"


class _Translator:
    def __init__(self) -> None:
        self._count = 0

    def node(self, node: Node) -> str | None:
        if isinstance(node, Term):
            return self._term(node)
        if isinstance(node, Not):
            # As in the tantivy backend: a NOT with nothing to keep beside it would
            # have to scan every page, and a NOT inside an OR is the same thing.
            raise QuerySyntaxError(_NOT_ALONE)
        if isinstance(node, Or):
            parts = [part for child in node.children if (part := self.node(child))]
            return _joined(parts, " | ")
        kept: list[str] = []
        excluded: list[str] = []
        for child in node.children:
            if isinstance(child, Not):
                if (part := self.node(child.child)) is not None:
                    excluded.append(f"!{part}")
            elif (part := self.node(child)) is not None:
                kept.append(part)
        if excluded and not kept:
            raise QuerySyntaxError(_NOT_ALONE)
        return _joined(kept + excluded, " & ")

    def _term(self, term: Term) -> str | None:
        words = _WORD.findall(term.text)
        if not words:
            return None
        self._count += 1
        if self._count > MAX_TERMS:
            raise QuerySyntaxError(
                f"The query has more than {MAX_TERMS} words or phrases; shorten it."
            )
        if not term.prefix:
            return _quote(term.text)
        if len(words[-1]) < MIN_PREFIX_CHARS:
            raise QuerySyntaxError(
                f"A prefix search needs at least {MIN_PREFIX_CHARS} letters "
                "before the *, as in inj*."
            )
        # One operand, so PostgreSQL keeps the distances over the stop words it
        # drops ("follow up with ortho*" is 'follow' <3> 'ortho':*). The suffix makes
        # every word of a phrase a prefix, a little wider than tantivy's phrase
        # prefix, where only the last word is.
        return f"{_quote(term.text)}:*"


def _joined(parts: list[str], operator: str) -> str | None:
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    return "(" + operator.join(parts) + ")"
