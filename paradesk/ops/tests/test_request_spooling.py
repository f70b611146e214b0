"""`paradesk serve` caps request bodies and spools them only in PARADESK_HOME/tmp.

waitress reads every body before the app (and sign-in) sees it, spooling large ones
to unnamed temporary files. The test serves a small WSGI app that, while the request
it was handed is open, lists this process's open files: an anonymous client's body
must sit in the home's tmp folder, and nothing in the system temporary folder.
"""

from __future__ import annotations

import http.client
import os
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_django.fixtures import Settings as SettingsWrapper

from paradesk.ops.management.commands.serve import create_web_server

MB = 1024 * 1024
StartResponse = Callable[[str, list[tuple[str, str]]], Any]


def _open_files_under(folder: Path) -> list[str]:
    found = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith(str(folder) + os.sep):
            found.append(target)
    return found


@pytest.fixture
def folders(tmp_path: Path, settings: SettingsWrapper) -> Iterator[dict[str, Path]]:
    home = tmp_path / "home"
    system_tmp = tmp_path / "system-tmp"
    system_tmp.mkdir()
    settings.PARADESK_HOME = home
    settings.FILE_UPLOAD_TEMP_DIR = str(home / "tmp")
    settings.PARADESK_MAX_REQUEST_BODY_MB = 4
    saved = tempfile.tempdir
    # Stands in for /tmp, so the test sees this process's spooling and nobody else's.
    tempfile.tempdir = str(system_tmp)
    try:
        yield {"home_tmp": home / "tmp", "system_tmp": system_tmp}
    finally:
        tempfile.tempdir = saved


@pytest.fixture
def serve(folders: dict[str, Path]) -> Iterator[Callable[[Any], int]]:
    servers: list[Any] = []
    threads: list[threading.Thread] = []

    def start(app: Any) -> int:
        server = create_web_server(app, host="127.0.0.1", port=0)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        servers.append(server)
        threads.append(thread)
        return int(server.effective_port)

    yield start
    for server in servers:
        server.task_dispatcher.shutdown()
        for channel in list(server._map.values()):
            channel.close()
    for thread in threads:
        thread.join(timeout=10)


def test_a_large_anonymous_body_is_spooled_in_the_home_never_the_system_temp(
    folders: dict[str, Path], serve: Callable[[Any], int]
) -> None:
    seen: dict[str, list[str]] = {}

    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        seen["system"] = _open_files_under(folders["system_tmp"])
        seen["home"] = _open_files_under(folders["home_tmp"])
        size = len(environ["wsgi.input"].read())
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [str(size).encode()]

    port = serve(app)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    body = b"%PDF-1.7 scanned records " * (3 * MB // 25)
    connection.request(
        "POST",
        "/api/v1/matters/1/documents",
        body=body,
        headers={"Content-Type": "application/pdf"},
    )
    response = connection.getresponse()

    assert (response.status, response.read()) == (200, str(len(body)).encode())
    assert seen["system"] == []
    assert seen["home"], "a 3 MB body is spooled to a file, in the home's tmp folder"


def test_a_body_over_the_cap_is_refused_before_it_is_read(
    folders: dict[str, Path], serve: Callable[[Any], int]
) -> None:
    called: list[bool] = []

    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        called.append(True)
        start_response("200 OK", [])
        return [b""]

    port = serve(app)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.putrequest("POST", "/documents/upload/")
    connection.putheader("Content-Type", "application/octet-stream")
    connection.putheader("Content-Length", str(4 * MB + 1))
    connection.endheaders()
    response = connection.getresponse()

    assert response.status == 413
    assert called == []
    assert _open_files_under(folders["system_tmp"]) == []
