"""Row ids as they arrive from outside: whole numbers the databases can store.

Primary keys are signed 64-bit integers on SQLite and PostgreSQL. A larger number in
a URL or a form never names a row, and handed to the database it is an error (SQLite
cannot even bind it), so it is refused where it comes in: the `id` path converter
(registered by the core app, used by the pages' URLs and the API's paths) does not
match it, a 404 like any id one may not see; forms and API schemas cap their id
fields at `MAX_ID`.
"""

from __future__ import annotations

# The largest primary key the databases store (a signed 64-bit integer).
MAX_ID = 2**63 - 1


class IdConverter:
    """`<id:name>` in a URL: like `<int:name>`, but only 1 to MAX_ID."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 1 <= number <= MAX_ID:
            # Django takes a ValueError to mean "this pattern does not match".
            raise ValueError(value)
        return number

    def to_url(self, value: int) -> str:
        return str(value)
