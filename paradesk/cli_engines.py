"""The chronology engine's commands under their old name, `paradesk.cli_engines`.

They live in `paradesk.cli.chronology`. Two callers outside this change still import
them from here: the medchron engine's command tests and benchmarks/chronology_bench.py,
whose owners were editing them when the commands moved. Delete this module once both
import `paradesk.cli.chronology` (issue 15).
"""

from __future__ import annotations

from paradesk.cli.chronology import chronology, corpus_command, eval_command

__all__ = ["chronology", "corpus_command", "eval_command"]
