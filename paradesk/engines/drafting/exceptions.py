"""The drafting engine's errors; every message is meant for the person who acted."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from paradesk.engines.drafting.fields import Problem


class DraftingError(Exception):
    """Base of the drafting engine's errors."""


class TemplateError(DraftingError):
    """The template cannot be used: unreadable, not a .docx, a syntax error."""


class TemplateFieldError(TemplateError):
    """The template uses fields the context does not define."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        shown = "; ".join(str(problem) for problem in self.problems[:5])
        more = len(self.problems) - 5
        if more > 0:
            shown += f"; and {more} more"
        super().__init__(shown)


class RenderError(DraftingError):
    """Filling the template failed, or its output breaks a rule (signature status)."""


class ContextError(DraftingError):
    """The data given for a letter is not valid (a bad date, a negative demand, ...)."""


class PdfError(DraftingError):
    """The document could not be turned into a PDF (LibreOffice missing or failed)."""
