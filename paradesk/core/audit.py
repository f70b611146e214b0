"""The tamper-evident audit log: append under a lock, verify the whole chain.

Each event's hash is SHA-256 over the previous event's hash and this event's canonical
form, so changing, deleting or reordering any stored event breaks every later link.
Events are written inside the caller's transaction: a change and its audit event commit
or roll back together.
"""

from __future__ import annotations

import contextvars
import hashlib
import ipaddress
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils.crypto import salted_hmac

from paradesk.core.models import AuditEvent

if TYPE_CHECKING:
    from paradesk.firm.models import User
    from paradesk.matters.models import Matter

GENESIS_HASH = "0" * 64
# Arbitrary constant naming the PostgreSQL advisory lock that serializes appends.
PG_AUDIT_LOCK = 7_263_001


@dataclass(frozen=True)
class RequestMeta:
    """Where an action came from; set per request by middleware or the API auth."""

    ip: str | None = None
    user_agent: str = ""


# The default is an immutable (frozen) value, so sharing it across contexts is safe.
_request_meta: contextvars.ContextVar[RequestMeta] = contextvars.ContextVar(
    "paradesk_request_meta",
    default=RequestMeta(),  # noqa: B039
)


def set_request_meta(meta: RequestMeta) -> contextvars.Token[RequestMeta]:
    return _request_meta.set(meta)


def reset_request_meta(token: contextvars.Token[RequestMeta]) -> None:
    _request_meta.reset(token)


def fingerprint(text: str) -> str:
    """A keyed hash of free text a person typed (search words), logged instead of it.

    The log is permanent and shown to administrators who may be on no matter team, so
    it keeps no search words (they can name a client or a diagnosis). Equal text gives
    an equal fingerprint, so an investigator holding the server's secret key can tell
    whether a given phrase was searched; without the key it says nothing.
    """
    return salted_hmac(
        "paradesk.audit.fingerprint", text, algorithm="sha256"
    ).hexdigest()[:32]


def search_details(query: str) -> dict[str, object]:
    """What the log keeps of a search: its length and fingerprint, never its words."""
    return {"query_chars": len(query), "query_fingerprint": fingerprint(query)}


def canonical_form(
    *,
    seq: int,
    at: datetime,
    actor_id: int | None,
    actor_label: str,
    action: str,
    object_type: str,
    object_id: str,
    matter_id: int | None,
    ip: str | None,
    user_agent: str,
    details: dict[str, Any],
) -> str:
    payload = {
        "seq": seq,
        "at": at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor_id": actor_id,
        "actor": actor_label,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "matter_id": matter_id,
        "ip": ip,
        "user_agent": user_agent,
        "details": details,
    }
    return json.dumps(
        payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )


def chain_hash(prev_hash: str, canonical: str) -> str:
    return hashlib.sha256(f"{prev_hash}\n{canonical}".encode()).hexdigest()


def _event_hash(event: AuditEvent) -> str:
    return chain_hash(
        event.prev_hash,
        canonical_form(
            seq=event.seq,
            at=event.at,
            actor_id=event.actor_id,
            actor_label=event.actor_label,
            action=event.action,
            object_type=event.object_type,
            object_id=event.object_id,
            matter_id=event.matter_id,
            ip=event.ip,
            user_agent=event.user_agent,
            details=event.details,
        ),
    )


def normalize_ip(raw: str | None) -> str | None:
    """The canonical text of an IP address, or None for anything that is not one.

    The hash must cover exactly what the database stores, and the database would
    otherwise rewrite some forms ("2001:DB8:0::1" -> "2001:db8::1") or, on PostgreSQL,
    refuse non-addresses outright.
    """
    if not raw:
        return None
    try:
        address = ipaddress.ip_address(raw.strip())
    except ValueError:
        return None
    return str(address)


def _plain(value: Any) -> Any:
    """Details as JSON that round-trips exactly through SQLite and PostgreSQL jsonb.

    Only str, int, bool, None, lists and dicts are kept as they are; anything else
    (floats, dates, ids) becomes its text, and NUL characters, which jsonb refuses,
    are dropped.
    """
    if value is None or isinstance(value, bool | int):
        return value
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {str(k).replace("\x00", ""): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return [_plain(v) for v in items]
    return str(value).replace("\x00", "")


@dataclass(frozen=True)
class Entry:
    """An event before it joins the chain: everything but its place and hashes."""

    at: datetime
    actor_id: int | None
    actor_label: str
    action: str
    object_type: str
    object_id: str
    matter_id: int | None
    ip: str | None
    user_agent: str
    details: dict[str, Any]


def entry_for(
    action: str,
    *,
    actor: User | None,
    obj: Any = None,
    matter: Matter | None = None,
    details: dict[str, Any] | None = None,
) -> Entry:
    """The event `record` would append now, from this request's context."""
    meta = _request_meta.get()
    return Entry(
        at=datetime.now(UTC),
        actor_id=actor.pk if actor is not None and actor.pk else None,
        actor_label=actor.get_username() if actor is not None else "system",
        action=action,
        object_type=type(obj).__name__.lower() if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        matter_id=matter.pk if matter is not None else None,
        ip=normalize_ip(meta.ip),
        user_agent=meta.user_agent[:300].replace("\x00", ""),
        details=_plain(details or {}),
    )


def lock_chain() -> None:
    """Takes the chain's append lock until the current transaction ends.

    Call inside `transaction.atomic()`. On SQLite the IMMEDIATE transaction mode
    (settings) already holds the database's write lock from BEGIN, so reading the
    head and appending cannot interleave with another writer.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [PG_AUDIT_LOCK])


def append(entries: list[Entry]) -> list[AuditEvent]:
    """Appends `entries` in order after the head of the chain (the caller locked it)."""
    head = AuditEvent.objects.order_by("-seq").only("seq", "hash").first()
    seq = head.seq if head else 0
    prev_hash = head.hash if head else GENESIS_HASH
    events = []
    for entry in entries:
        seq += 1
        event = AuditEvent(
            seq=seq,
            at=entry.at,
            actor_id=entry.actor_id,
            actor_label=entry.actor_label,
            action=entry.action,
            object_type=entry.object_type,
            object_id=entry.object_id,
            matter_id=entry.matter_id,
            ip=entry.ip,
            user_agent=entry.user_agent,
            details=entry.details,
            prev_hash=prev_hash,
        )
        event.hash = _event_hash(event)
        prev_hash = event.hash
        events.append(event)
    if len(events) == 1:
        events[0].save(force_insert=True)
    else:
        AuditEvent.objects.bulk_create(events)
    return events


def record(
    action: str,
    *,
    actor: User | None,
    obj: Any = None,
    matter: Matter | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Appends one event to the chain inside the current transaction.

    `obj` is any model instance (its class name and pk are stored). `details` holds ids
    and short field names only: no client names, no health information.
    """
    entry = entry_for(action, actor=actor, obj=obj, matter=matter, details=details)
    with transaction.atomic():
        lock_chain()
        return append([entry])[0]


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    event_id: int
    reason: str


@dataclass(frozen=True)
class VerifyResult:
    checked: int
    head_hash: str
    broken: ChainBreak | None

    @property
    def ok(self) -> bool:
        return self.broken is None


def iter_verify(batch: int = 2000) -> Iterator[tuple[int, ChainBreak | None, str]]:
    """Walks the chain in seq order, yielding (checked, first break, head hash)."""
    prev_hash = GENESIS_HASH
    expected_seq = 1
    checked = 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=batch):
        if event.seq != expected_seq:
            yield (
                checked,
                ChainBreak(
                    event.seq,
                    event.pk,
                    f"expected event #{expected_seq} here, found #{event.seq} "
                    "(an event was deleted or renumbered)",
                ),
                prev_hash,
            )
            return
        if event.prev_hash != prev_hash:
            yield (
                checked,
                ChainBreak(
                    event.seq,
                    event.pk,
                    "its previous-hash does not match the event before it "
                    "(an event before it was deleted, inserted or reordered)",
                ),
                prev_hash,
            )
            return
        if _event_hash(event) != event.hash:
            yield (
                checked,
                ChainBreak(
                    event.seq, event.pk, "its content does not match its hash (edited)"
                ),
                prev_hash,
            )
            return
        prev_hash = event.hash
        expected_seq += 1
        checked += 1
        if checked % batch == 0:
            yield checked, None, prev_hash
    yield checked, None, prev_hash


def verify_chain() -> VerifyResult:
    """Checks every event; returns the count checked and the first break, if any."""
    result = VerifyResult(checked=0, head_hash=GENESIS_HASH, broken=None)
    for checked, broken, head in iter_verify():
        result = VerifyResult(checked=checked, head_hash=head, broken=broken)
        if broken is not None:
            break
    return result


def check_anchor(seq: int, expected_hash: str) -> str | None:
    """Checks an anchor kept outside the database; None when it still holds.

    The chain alone cannot show that its newest events were deleted: what remains is
    still a valid chain. An anchor (seq and hash of a head seen earlier, kept
    elsewhere) can.
    """
    event = AuditEvent.objects.filter(seq=seq).only("hash").first()
    if event is None:
        return (
            "this event is missing: the chain is shorter than the anchor "
            "(the newest events were deleted)"
        )
    if event.hash != expected_hash:
        return "its hash differs from the anchor (the chain was rewritten)"
    return None
