"""NegEx-style negation: is a finding in a sentence denied, or affirmed?

Chapman et al.'s NegEx (J Biomed Inform 2001): a negation trigger ("denies", "no",
"negative for") negates the concepts after it until a terminator ("but", "however",
a sentence end) or a window of words; post-triggers ("... was ruled out") negate what
stands before them. Pseudo-triggers ("no change", "not only") negate nothing. Our own
small implementation, because medspaCy pins old spaCy and numpy (see DESIGN.md).
"""

from __future__ import annotations

import re

_PRE = re.compile(
    r"(?i)\b(denies|denied|denying|no|not|negative for|without|w/o|absence of|absent|"
    r"free of|no evidence of|no signs? of|no complaints? of|never had|rules? out|"
    r"ruled out|resolved|no history of|no c/o|neg for|unremarkable for|none)\b"
)
_PSEUDO = re.compile(
    r"(?i)\b(no (?:change|increase|decrease|further|significant change|longer)|"
    r"not only|not necessarily|without difficulty|no sooner|gram negative|"
    r"not certain if)\b"
)
_POST = re.compile(
    r"(?i)\b(ruled out|was negative|were negative|is negative|resolved|absent|denied)\b"
)
_TERMINATORS = re.compile(
    r"(?i)(\bbut\b|\bhowever\b|\bexcept\b|\balthough\b|\bwhich\b|\bsecondary to\b|"
    r"\bpositive for\b|\breports\b|\bcomplains of\b|\bc/o\b|\bendorses\b|[.;:!?\n])"
)
_WINDOW_WORDS = 6


def negated(sentence: str, start: int, end: int) -> bool:
    """Whether the span [start, end) of `sentence` is negated."""
    before = sentence[:start]
    cut = 0
    for terminator in _TERMINATORS.finditer(before):
        cut = terminator.end()
    scope = before[cut:]
    for pseudo in _PSEUDO.finditer(scope):
        scope = (
            scope[: pseudo.start()]
            + " " * (pseudo.end() - pseudo.start())
            + scope[pseudo.end() :]
        )
    triggers = list(_PRE.finditer(scope))
    if triggers:
        words_between = len(scope[triggers[-1].end() :].split())
        if words_between <= _WINDOW_WORDS:
            return True
    after = sentence[end:]
    stop = _TERMINATORS.search(after)
    window = after[: stop.start()] if stop else after
    post = _POST.search(window)
    return bool(post and len(window[: post.start()].split()) <= 3)
