"""DOCX to PDF through LibreOffice, on this machine, with nothing left behind.

No Python library lays out a Word document faithfully (tables, headers, watermarks,
fonts); LibreOffice does, headless and offline. Each conversion gets its own profile
folder inside `workdir` (LibreOffice locks its profile, so conversions running at once
must not share one) and a cleaned environment, and is killed after `timeout` seconds.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path

from paradesk.engines.common.packages import fixed_pdf
from paradesk.engines.drafting.exceptions import PdfError

_CANDIDATES = ("soffice", "libreoffice")
_INSTALL = (
    "LibreOffice is not installed, and a PDF needs it: install the Debian package "
    "libreoffice-writer-nogui (apt-get install libreoffice-writer-nogui)."
)


def converter(configured: str = "") -> str | None:
    """The LibreOffice program: `configured` if it exists, else soffice on PATH."""
    if configured:
        return configured if Path(configured).exists() else None
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def _environment(workdir: Path) -> dict[str, str]:
    # Only what LibreOffice needs: no database URL, keys or other secrets.
    keep = {"PATH", "LANG", "LC_ALL", "TZ", "SAL_USE_VCLPLUGIN"}
    env = {key: value for key, value in os.environ.items() if key in keep}
    env["HOME"] = str(workdir)
    # The PDF's dates are fixed afterwards; one time zone keeps their suffix fixed too.
    env["TZ"] = "UTC"
    return env


def docx_to_pdf(
    data: bytes, *, workdir: Path, program: str = "", timeout: float = 180.0
) -> bytes:
    """The PDF of a DOCX. `workdir` must be a private, empty folder the caller removes.

    Raises:
        PdfError: LibreOffice is missing, timed out, or produced no PDF.
    """
    found = converter(program)
    if found is None:
        raise PdfError(_INSTALL)
    source = workdir / "document.docx"
    source.write_bytes(data)
    profile = (workdir / "profile").as_uri()
    command = [
        found,
        f"-env:UserInstallation={profile}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        "pdf:writer_pdf_Export",
        "--outdir",
        str(workdir),
        str(source),
    ]
    try:
        process = subprocess.Popen(  # noqa: S603  # our own argument list, no shell
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=_environment(workdir),
            start_new_session=True,
        )
    except OSError as error:
        raise PdfError(f"LibreOffice could not start ({error.strerror}).") from None
    try:
        code = process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        # Kill its whole group: soffice starts a child that outlives the parent.
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise PdfError(
            f"LibreOffice took longer than {timeout:.0f} s to make the PDF; nothing "
            "was saved."
        ) from None
    result = workdir / "document.pdf"
    if code != 0 or not result.exists() or result.stat().st_size == 0:
        raise PdfError(f"LibreOffice could not make the PDF (exit status {code}).")
    # LibreOffice stamps the time of conversion and a random id into every PDF.
    return fixed_pdf(result.read_bytes())
