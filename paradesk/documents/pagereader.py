"""Reading one file's pages in a child process, for the ingest job.

`read_in_child` (the worker's side) starts `python -m paradesk.documents.pagereader`
once per reading and hands it a decrypted copy of the file on disk; `main` (the
child's side) runs the pure pages engine on it. A parser that crashes, leaks or hangs
on a damaged or hostile file takes down only the child: the worker gets a reason a
person can act on, and its own memory never holds the file, only a batch of pages.

The child imports no Django and inherits none of our settings or secrets. It reads one
JSON request on stdin and answers with one JSON object per line on stdout, in this
order: progress as pages finish; then either `unread` (the engine's reason the file
cannot be read), or every page, every attachment (written as a file beside the input),
and `end`.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TextIO, cast

from paradesk.engines.pages import (
    Page,
    PagesOptions,
    PasswordProtectedError,
    UnreadableError,
    read_pages,
)

# How the child is started: this module, by the interpreter running the worker. Tests
# put a program that crashes here to check how a failed child is handled.
READER_COMMAND: tuple[str, ...] = (sys.executable, "-m", __name__)
# The child's exit status when it ran out of memory (it cannot always say so itself).
EXIT_OUT_OF_MEMORY = 3
# An orphaned child (its worker was killed) stops itself this long after the limit.
_ORPHAN_GRACE_SECONDS = 60
_ATTACHMENT_FILE = re.compile(r"attachment-[0-9]{1,6}")
# Variables the child never needs that may hold our configuration or credentials
# (database URL, master key, object-store keys): a parser exploited by a hostile file
# finds none of them in its environment.
_PRIVATE_VARIABLES = re.compile(
    r"^(PARADESK_|DJANGO_|DATABASE_URL$|AWS_)|SECRET|PASSWORD|TOKEN|CREDENTIAL",
    re.IGNORECASE,
)


class ReaderStoppedError(Exception):
    """The child ended without a result: crashed, killed, out of memory or too slow.

    Attributes:
        reason: one sentence for the person who uploaded the file.
        detail: what happened, for the log (an exit status or an exception class,
            never content).
    """

    def __init__(self, reason: str, *, detail: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Progress:
    done: int
    total: int


@dataclass(frozen=True)
class Unread:
    """The engine refused the file; `password` when it is an encrypted PDF."""

    reason: str
    password: bool


@dataclass(frozen=True)
class AttachmentFound:
    """A file inside the one read (an e-mail attachment), saved at `path`."""

    name: str
    path: Path


@dataclass(frozen=True)
class End:
    kind: str
    pages: int


Message = Progress | Unread | Page | AttachmentFound | End


@dataclass(frozen=True)
class _Failed:
    """The child's own note of an unexpected exception: its class name only."""

    error: str


def read_in_child(
    source: Path, *, name: str, workdir: Path, time_limit: float
) -> Generator[Message, None, None]:
    """Reads `source` in a new child process, yielding its results as they arrive.

    Close the iterator (or read it to the end) to stop and reap the child.

    Args:
        source: the plaintext file, inside `workdir`.
        name: the file's name as uploaded (a hint for plain text, never logged).
        workdir: a private folder the child writes attachments (and any temporary
            files of its libraries) into; the caller removes it.
        time_limit: seconds before the child, and any tesseract it started, is
            killed.

    Raises:
        ReaderStoppedError: the child ended without `unread` or `end`.
    """
    try:
        process = subprocess.Popen(  # noqa: S603 (our interpreter and module)
            READER_COMMAND,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            # A traceback may quote the file's content: never in the worker's log.
            stderr=subprocess.DEVNULL,
            cwd=workdir,
            env=_child_environment(workdir),
            # Its own process group, so one kill also stops the tesseract it started.
            start_new_session=True,
        )
    except OSError as error:
        raise ReaderStoppedError(
            "The page reader could not be started (the server may be short of "
            "memory or processes). The file is kept as uploaded; try reading it "
            "again.",
            detail=f"start failed, errno {error.errno}",
        ) from error
    expired = threading.Event()

    def expire() -> None:
        expired.set()
        _kill(process)

    deadline = threading.Timer(time_limit, expire)
    deadline.daemon = True
    deadline.start()
    finished = False
    failure = ""
    try:
        request = {
            "path": str(source),
            "name": name,
            "workdir": str(workdir),
            "time_limit": time_limit,
        }
        # Both pipes exist: Popen was given PIPE for each.
        _send_request(cast(IO[bytes], process.stdin), request)
        for line in cast(IO[bytes], process.stdout):
            message = _parse(line, workdir)
            if isinstance(message, _Failed):
                failure = message.error
                continue
            finished = finished or isinstance(message, Unread | End)
            yield message
    finally:
        deadline.cancel()
        _stop(process)
    if finished:
        return
    if expired.is_set():
        raise ReaderStoppedError(
            f"Reading took longer than the {_duration(time_limit)} limit and was "
            "stopped. The file is kept as uploaded; try again when the server is "
            "less busy, or split the file.",
            detail=f"time limit of {time_limit:g} s",
        )
    raise _stopped(process.returncode, failure)


def _send_request(stdin: IO[bytes], request: dict[str, Any]) -> None:
    # A child that died at once has closed its end; its exit status says why.
    with contextlib.suppress(BrokenPipeError):
        stdin.write(json.dumps(request).encode("utf-8"))
    with contextlib.suppress(BrokenPipeError):
        stdin.close()


def _child_environment(workdir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not _PRIVATE_VARIABLES.search(k)}
    # Libraries' own temporary files land in the private folder, removed with it.
    env["TMPDIR"] = str(workdir)
    # The child runs in `workdir`, so the folder holding `paradesk` is named.
    package_root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (package_root, env.get("PYTHONPATH", "")) if p
    )
    return env


def _kill(process: subprocess.Popen[bytes]) -> None:
    # The group may be gone already (the child exited and took nothing with it).
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None or process.returncode != 0:
        # Still running (the caller stopped early), or it died and left tesseract
        # processes behind: the group goes.
        _kill(process)
    process.wait()
    if process.stdout is not None:
        process.stdout.close()


def _stopped(returncode: int | None, failure: str) -> ReaderStoppedError:
    kept = "The file is kept as uploaded; try reading it again."
    if returncode == EXIT_OUT_OF_MEMORY:
        return ReaderStoppedError(
            f"Reading ran out of memory. {kept} If it fails again, split the file.",
            detail="out of memory",
        )
    if returncode is not None and returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = f"signal {-returncode}"
        return ReaderStoppedError(
            f"The page reader stopped unexpectedly ({name}). {kept}",
            detail=f"killed by {name}",
        )
    return ReaderStoppedError(
        f"The page reader failed with an internal error. {kept}",
        detail=f"exit status {returncode}" + (f", {failure}" if failure else ""),
    )


def _duration(seconds: float) -> str:
    if seconds >= 60 and seconds % 60 == 0:
        minutes = int(seconds // 60)
        return f"{minutes}-minute"
    return f"{seconds:g}-second"


def _parse(line: bytes, workdir: Path) -> Message | _Failed:
    """One result line as a typed message.

    The child has just read a possibly hostile file, so nothing it says is taken on
    trust: shapes are checked, and an attachment must be a file it was told to write.
    """
    try:
        data = json.loads(line)
        return _typed(data, workdir)
    except (ValueError, TypeError, KeyError) as error:
        raise ReaderStoppedError(
            "The page reader sent a result that could not be understood. The file "
            "is kept as uploaded; try reading it again.",
            detail=f"malformed result ({type(error).__name__})",
        ) from None


def _typed(data: Any, workdir: Path) -> Message | _Failed:
    if not isinstance(data, dict):
        raise TypeError("not an object")
    if "progress" in data:
        done, total = data["progress"]
        return Progress(done=_int(done), total=_int(total))
    if "page" in data:
        page = data["page"]
        method = page["method"]
        if method not in ("text", "ocr"):
            raise ValueError("unknown method")
        confidence = page["confidence"]
        error = page["error"]
        return Page(
            number=_int(page["number"]),
            text=_str(page["text"]),
            method=method,
            confidence=None if confidence is None else float(confidence),
            error=None if error is None else _str(error),
        )
    if "attachment" in data:
        file = _str(data["file"])
        if not _ATTACHMENT_FILE.fullmatch(file):
            raise ValueError("attachment outside the folder")
        return AttachmentFound(name=_str(data["attachment"]), path=workdir / file)
    if "unread" in data:
        return Unread(reason=_str(data["unread"]), password=data["password"] is True)
    if "end" in data:
        return End(kind=_str(data["end"]), pages=_int(data["pages"]))
    if "failed" in data:
        return _Failed(error=_str(data["failed"]))
    raise ValueError("unknown message")


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError("not an integer")
    return value


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("not a string")
    return value


# --- The child's side ---------------------------------------------------------------


class _Results:
    """The child's answers, one JSON object per line, on the original stdout."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def send(self, message: dict[str, Any], *, flush: bool = False) -> None:
        self._stream.write(json.dumps(message) + "\n")
        if flush:
            self._stream.flush()

    def progress(self, done: int, total: int) -> None:
        self.send({"progress": [done, total]}, flush=True)

    def close(self) -> None:
        self._stream.flush()


def main() -> int:
    """Reads the file a request on stdin names; the child process's entry point."""
    results = _Results(os.fdopen(os.dup(1), "w", encoding="utf-8"))
    # Anything a library prints goes where stderr goes (discarded), never among the
    # results.
    os.dup2(2, 1)
    request = json.loads(sys.stdin.read())
    signal.alarm(math.ceil(request["time_limit"]) + _ORPHAN_GRACE_SECONDS)
    try:
        _read(request, results)
    except MemoryError:
        # Nothing more can safely be allocated, not even a message.
        os._exit(EXIT_OUT_OF_MEMORY)
    except Exception as error:
        results.send({"failed": type(error).__name__})
        results.close()
        return 1
    results.close()
    return 0


def _read(request: dict[str, Any], results: _Results) -> None:
    workdir = Path(request["workdir"])
    try:
        extraction = read_pages(
            Path(request["path"]),
            name=request["name"],
            options=PagesOptions(progress=results.progress),
        )
    except UnreadableError as error:
        results.send(
            {
                "unread": error.reason,
                "password": isinstance(error, PasswordProtectedError),
            }
        )
        return
    for page in extraction.pages:
        results.send(
            {
                "page": {
                    "number": page.number,
                    "text": page.text,
                    "method": page.method,
                    "confidence": page.confidence,
                    "error": page.error,
                }
            }
        )
    for index, attachment in enumerate(extraction.attachments, start=1):
        file = f"attachment-{index}"
        descriptor = os.open(
            workdir / file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600
        )
        with os.fdopen(descriptor, "wb") as target:
            target.write(attachment.data)
        results.send({"attachment": attachment.name, "file": file})
    results.send({"end": extraction.kind, "pages": len(extraction.pages)})


if __name__ == "__main__":
    sys.exit(main())
