from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "paradesk.core"
    label = "core"
    verbose_name = "Paradesk core"

    def ready(self) -> None:
        from django.urls import register_converter

        from paradesk.core.ids import IdConverter

        # Before any URLconf loads: the apps' and the API's paths use `<id:...>`.
        register_converter(IdConverter, "id")

        from django.core.signals import request_finished

        # Django's documented end-of-request hook, which runs once the response has
        # been sent (after its body, for a streamed one): the request's read events,
        # already durable in the journal, join the audit chain without holding up
        # the reader. Plumbing, not a business effect (STYLE.md section 2).
        request_finished.connect(
            _append_queued_reads, dispatch_uid="paradesk.core.readqueue"
        )


def _append_queued_reads(**kwargs: object) -> None:
    from django.db import connection

    from paradesk.core import readqueue

    # Django closes a connection whose age ran out on this same signal, before this
    # runs; one opened here for the drain is closed again, not left to the thread.
    was_open = connection.connection is not None
    readqueue.drain_soon()
    if not was_open and not connection.in_atomic_block:
        connection.close()
