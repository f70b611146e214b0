"""The search query language, parsed here and compiled to tantivy queries.

The language: words (all must appear), ``"exact phrases"``, ``AND``, ``OR``,
``NOT`` (upper case; lower-case ``and``/``or``/``not`` are ordinary words), ``-word``
to exclude, ``+word`` to require, ``word*`` and ``"phrase pre*"`` for prefixes, and
parentheses. ``NOT`` binds tightest, then ``AND`` (also implied between words), then
``OR``.

Why not tantivy's own query parser (``Index.parse_query``): in tantivy-py 0.27 it has no
single-word prefix search (``whi*`` silently drops the ``*`` and looks for the word
``whi``; ``"whi"*`` is refused because a phrase prefix needs two words), it lets a user
address any field (``matter_id:7``, ranges, regexes), and its errors are bare "Syntax
Error: <the query>" strings that echo the user's words. So the query is parsed here
and built from tantivy ``Query`` objects; the parse is pure Python and the compile
needs only the schema and the analyzer, never the index.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass

import tantivy

from .exceptions import QuerySyntaxError
from .schema import TEXT, build_analyzer, build_schema

MAX_QUERY_CHARS = 1000
MAX_TERMS = 64
MAX_DEPTH = 16
MIN_PREFIX_CHARS = 2


@dataclass(frozen=True, slots=True)
class Term:
    """A word or a quoted phrase, optionally ending in a prefix.

    Attributes:
        text: The raw text typed (without quotes or the trailing ``*``).
        prefix: Whether the last word is a prefix.
        phrase: Whether the text was quoted.
    """

    text: str
    prefix: bool = False
    phrase: bool = False


@dataclass(frozen=True, slots=True)
class Not:
    """Pages that do not match ``child``."""

    child: Node


@dataclass(frozen=True, slots=True)
class And:
    """Pages that match every child."""

    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    """Pages that match at least one child."""

    children: tuple[Node, ...]


Node = Term | Not | And | Or


class _Kind(enum.Enum):
    LPAREN = "("
    RPAREN = ")"
    AND = "AND"
    OR = "OR"
    NOT = "NOT"
    REQUIRE = "+"
    EXCLUDE = "-"
    TERM = "term"


@dataclass(frozen=True, slots=True)
class _Token:
    kind: _Kind
    position: int
    term: Term | None = None


_OPERATOR_WORDS = {"AND": _Kind.AND, "OR": _Kind.OR, "NOT": _Kind.NOT}
_WORD_STOPS = frozenset('()"')


def _tokens(text: str) -> Iterator[_Token]:
    # Positions are 1-based character counts: error messages point at the spot instead
    # of quoting the user's words, which may be confidential.
    i = 0
    length = len(text)
    while i < length:
        char = text[i]
        if char.isspace():
            i += 1
        elif char == "(":
            yield _Token(_Kind.LPAREN, i + 1)
            i += 1
        elif char == ")":
            yield _Token(_Kind.RPAREN, i + 1)
            i += 1
        elif char == '"':
            end = text.find('"', i + 1)
            if end == -1:
                raise QuerySyntaxError(
                    f"The quote at character {i + 1} is never closed: "
                    'add the closing " after the phrase.'
                )
            prefix = end + 1 < length and text[end + 1] == "*"
            yield _Token(
                _Kind.TERM, i + 1, Term(text[i + 1 : end], prefix, phrase=True)
            )
            i = end + 2 if prefix else end + 1
        elif char in "+-" and i + 1 < length and text[i + 1] in "+-":
            raise QuerySyntaxError(f"Doubled operator at character {i + 1}.")
        elif char in "+-":
            if i + 1 == length or text[i + 1].isspace() or text[i + 1] == ")":
                raise QuerySyntaxError(
                    f"The {char} at character {i + 1} must be attached to a word, "
                    f"as in {char}neck."
                )
            yield _Token(_Kind.REQUIRE if char == "+" else _Kind.EXCLUDE, i + 1)
            i += 1
        else:
            start = i
            while i < length and not text[i].isspace() and text[i] not in _WORD_STOPS:
                i += 1
            word = text[start:i]
            if word in _OPERATOR_WORDS:
                yield _Token(_OPERATOR_WORDS[word], start + 1)
                continue
            prefix = word.endswith("*")
            stem = word[:-1] if prefix else word
            if "*" in stem:
                raise QuerySyntaxError(
                    f"The * at character {start + 1 + stem.index('*')} is not at the "
                    "end of a word: * only ends a word to search by prefix, as in "
                    "injur*."
                )
            yield _Token(_Kind.TERM, start + 1, Term(stem, prefix))


class _Parser:
    def __init__(self, text: str) -> None:
        self._tokens = list(_tokens(text))
        self._at = 0
        self._depth = 0

    def _peek(self) -> _Token | None:
        return self._tokens[self._at] if self._at < len(self._tokens) else None

    def _take(self) -> _Token:
        token = self._tokens[self._at]
        self._at += 1
        return token

    def parse(self) -> Node:
        if not self._tokens:
            raise QuerySyntaxError("Type at least one word to search for.")
        node = self._or()
        token = self._peek()
        if token is not None:
            # Only an unmatched ")" can stop the top-level loop early.
            raise QuerySyntaxError(
                f"The ) at character {token.position} has no matching (."
            )
        return node

    def _or(self) -> Node:
        children = [self._and()]
        while (token := self._peek()) is not None and token.kind is _Kind.OR:
            self._take()
            self._expect_operand(token)
            children.append(self._and())
        return children[0] if len(children) == 1 else Or(tuple(children))

    def _and(self) -> Node:
        children = [self._unary()]
        while (token := self._peek()) is not None and token.kind not in (
            _Kind.OR,
            _Kind.RPAREN,
        ):
            if token.kind is _Kind.AND:
                self._take()
                self._expect_operand(token)
            children.append(self._unary())
        return children[0] if len(children) == 1 else And(tuple(children))

    def _unary(self) -> Node:
        token = self._peek()
        if token is not None and token.kind in (_Kind.NOT, _Kind.EXCLUDE):
            self._take()
            self._expect_operand(token)
            return Not(self._unary())
        if token is not None and token.kind is _Kind.REQUIRE:
            # Every word is required already; "+" is accepted for people used to it.
            self._take()
            self._expect_operand(token)
            return self._unary()
        return self._primary()

    def _primary(self) -> Node:
        token = self._peek()
        if token is None:
            raise QuerySyntaxError("The query ends where a word was expected.")
        if token.kind is _Kind.TERM and token.term is not None:
            self._take()
            return token.term
        if token.kind is _Kind.LPAREN:
            self._take()
            self._depth += 1
            if self._depth > MAX_DEPTH:
                raise QuerySyntaxError("Too many nested parentheses.")
            inner = self._peek()
            if inner is not None and inner.kind is _Kind.RPAREN:
                raise QuerySyntaxError(
                    f"The parentheses at character {token.position} are empty."
                )
            node = self._or()
            closing = self._peek()
            if closing is None or closing.kind is not _Kind.RPAREN:
                raise QuerySyntaxError(
                    f"The ( at character {token.position} is never closed."
                )
            self._take()
            self._depth -= 1
            return node
        if token.kind is _Kind.RPAREN:
            raise QuerySyntaxError(
                f"The ) at character {token.position} has no matching (."
            )
        raise QuerySyntaxError(
            f"{token.kind.value} at character {token.position} needs a word on "
            "each side, as in: whiplash AND neck."
        )

    def _expect_operand(self, operator: _Token) -> None:
        following = self._peek()
        if following is None or following.kind in (
            _Kind.RPAREN,
            _Kind.AND,
            _Kind.OR,
        ):
            name = operator.kind.value
            where = f"at character {operator.position}"
            raise QuerySyntaxError(f"{name} {where} must be followed by a word.")


def parse(text: str) -> Node:
    """Parse a user's search query into a syntax tree.

    Args:
        text: The query as typed.

    Returns:
        The root node of the query.

    Raises:
        QuerySyntaxError: The query is empty, too long, or malformed (an unclosed quote
            or parenthesis, an operator with nothing to act on, a misplaced ``*``).
    """
    if len(text) > MAX_QUERY_CHARS:
        raise QuerySyntaxError(
            f"The query is longer than {MAX_QUERY_CHARS} characters; shorten it."
        )
    return _Parser(text).parse()


@dataclass(frozen=True, slots=True)
class CompiledQuery:
    """A query ready to run, and what to highlight in its results.

    Attributes:
        query: The tantivy query (without any permission clause).
        highlight_words: Analyzed words and phrase words that should be marked.
        highlight_prefixes: Analyzed prefixes whose expansions should be marked.
    """

    query: tantivy.Query
    highlight_words: tuple[str, ...]
    highlight_prefixes: tuple[str, ...]


class QueryCompiler:
    """Turns query text into tantivy queries over the page text.

    Args:
        schema: The index schema; defaults to the current one.
        analyzer: The analyzer the text field was indexed with; defaults to the
            current one.
    """

    def __init__(
        self,
        schema: tantivy.Schema | None = None,
        analyzer: tantivy.TextAnalyzer | None = None,
    ) -> None:
        self._schema = schema if schema is not None else build_schema()
        self._analyzer = analyzer if analyzer is not None else build_analyzer()

    def compile(self, text: str) -> CompiledQuery:
        """Parse and compile a user's query.

        Args:
            text: The query as typed.

        Returns:
            The compiled query.

        Raises:
            QuerySyntaxError: The query is malformed, has no word to look for, has
                only exclusions, or has too many words.
        """
        state = _CompileState()
        query = self._node(parse(text), state, positive=True)
        if query is None:
            raise QuerySyntaxError("The query has no letters or digits to search for.")
        return CompiledQuery(
            query=query,
            highlight_words=tuple(dict.fromkeys(state.words)),
            highlight_prefixes=tuple(dict.fromkeys(state.prefixes)),
        )

    def _node(
        self, node: Node, state: _CompileState, *, positive: bool
    ) -> tantivy.Query | None:
        if isinstance(node, Term):
            return self._term(node, state, positive=positive)
        if isinstance(node, Not):
            # A bare NOT (outside an AND with something to keep) would match nothing
            # in tantivy, where a boolean query of only exclusions is empty.
            raise QuerySyntaxError(
                "NOT and - need a word to search for beside them, "
                "as in: whiplash NOT neck."
            )
        if isinstance(node, Or):
            clauses = [
                (tantivy.Occur.Should, query)
                for child in node.children
                if (query := self._node(child, state, positive=positive)) is not None
            ]
        else:
            clauses = []
            for child in node.children:
                if isinstance(child, Not):
                    occur = tantivy.Occur.MustNot
                    query = self._node(child.child, state, positive=not positive)
                else:
                    occur = tantivy.Occur.Must
                    query = self._node(child, state, positive=positive)
                if query is not None:
                    clauses.append((occur, query))
            if clauses and all(occur is tantivy.Occur.MustNot for occur, _ in clauses):
                raise QuerySyntaxError(
                    "NOT and - need a word to search for beside them, "
                    "as in: whiplash NOT neck."
                )
        if not clauses:
            return None
        if len(clauses) == 1 and clauses[0][0] is not tantivy.Occur.MustNot:
            return clauses[0][1]
        return tantivy.Query.boolean_query(clauses)

    def _term(
        self, term: Term, state: _CompileState, *, positive: bool
    ) -> tantivy.Query | None:
        words = self._analyzer.analyze(term.text)
        if not words:
            return None
        state.count += 1
        if state.count > MAX_TERMS:
            raise QuerySyntaxError(
                f"The query has more than {MAX_TERMS} words or phrases; shorten it."
            )
        if term.prefix and len(words[-1]) < MIN_PREFIX_CHARS:
            raise QuerySyntaxError(
                f"A prefix search needs at least {MIN_PREFIX_CHARS} letters "
                "before the *, as in inj*."
            )
        if positive:
            if term.prefix:
                state.words.extend(words[:-1])
                state.prefixes.append(words[-1])
            else:
                state.words.extend(words)
        if term.prefix:
            # With one word this is tantivy's prefix search proper: PhrasePrefixQuery
            # without leading words becomes a range over the term dictionary, so no
            # regex escaping and no wildcard scan of the postings.
            return tantivy.Query.phrase_prefix_query(self._schema, TEXT, list(words))
        if len(words) == 1:
            return tantivy.Query.term_query(self._schema, TEXT, words[0])
        # A single typed word the analyzer splits (O'Brien, e-mail) is a phrase, the
        # way the page text was indexed.
        return tantivy.Query.phrase_query(self._schema, TEXT, list(words))


class _CompileState:
    def __init__(self) -> None:
        self.count = 0
        self.words: list[str] = []
        self.prefixes: list[str] = []
