"""`paradesk serve`'s web server with a bare one-query Django view beside the app.

For `web_bench.py`: the same waitress server, thread count, database settings and
process serve both the product (every path) and, at /bench/bare, a plain Django view
running one query with no middleware, the baseline every page is compared with.

    .venv/bin/python benchmarks/bench_server.py --host 127.0.0.1 --port 8001
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
from collections.abc import Callable, Iterable
from typing import Any

from paradesk.cli import prepare_home

BARE_PATH = "/bench/bare"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--threads", type=int, default=0)
    parser.add_argument(
        "--processes",
        type=int,
        default=1,
        help="this many server processes sharing the port (SO_REUSEPORT)",
    )
    options = parser.parse_args()
    children = [pid for pid in (_fork() for _ in range(options.processes - 1)) if pid]
    if len(children) != options.processes - 1:
        children = []  # this is a child: it serves and stops with the signal
    else:
        signal.signal(signal.SIGTERM, lambda *_: _stop(children))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "paradesk.settings")
    prepare_home()
    import django

    django.setup()
    from django.core.handlers.exception import convert_exception_to_response
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from django.http import HttpRequest, HttpResponse

    from paradesk.firm.models import User
    from paradesk.ops.management.commands.serve import create_web_server
    from paradesk.wsgi import application

    def bare(request: HttpRequest) -> HttpResponse:
        names = list(User.objects.filter(pk__lte=3).values_list("username", flat=True))
        return HttpResponse(", ".join(names), content_type="text/plain")

    class BareHandler(WSGIHandler):
        def load_middleware(self, is_async: bool = False) -> None:
            self._view_middleware = []
            self._template_response_middleware = []
            self._exception_middleware = []
            self._middleware_chain = convert_exception_to_response(bare)

    bare_app = BareHandler()

    def dispatch(environ: dict[str, Any], start: Callable[..., Any]) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == BARE_PATH:
            return bare_app(environ, start)
        return application(environ, start)

    connection.close()
    sizing: dict[str, Any] = {"threads": options.threads} if options.threads else {}
    if options.processes > 1:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind((options.host, options.port))
        sizing["sockets"] = [sock]
    server = create_web_server(dispatch, host=options.host, port=options.port, **sizing)
    print(f"serving on http://{options.host}:{options.port}/", flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        server.run()


def _fork() -> int:
    return os.fork() if os.getpid() == _PARENT else 0


def _stop(children: list[int]) -> None:
    for pid in children:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    raise KeyboardInterrupt


_PARENT = os.getpid()

if __name__ == "__main__":
    main()
