"""One encrypted, consistent archive of the database and every blob; and its restore.

The archive is a plain tar (`paradesk backup DEST`) holding:

    manifest.json    format, time, database vendor, applied migrations, the master key
                     id, and every blob's name, size and hash as archived
    manifest.hmac    HMAC-SHA256 of manifest.json, keyed from the master key
    database.enc     the database snapshot, encrypted (below)
    blobs/<sha256>   each blob exactly as stored: already sealed under the master key

Consistency while the app runs comes from the order: the database is snapshotted first
(SQLite's online backup API, or `pg_dump`, each a single transaction's view), then the
blobs are copied. Blobs are written before the rows that reference them and never
change content, so every blob the snapshot references already exists; a blob stored
after the snapshot is merely unreferenced in it.

The database part is encrypted with AES-256-GCM under a key derived (HKDF-SHA256, a
random salt per backup) from the master key, in 1 MiB chunks whose nonces carry the
chunk number and a last-chunk flag, so a reordered, dropped or truncated chunk fails
authentication. Without the master key the archive yields neither the database nor a
blob's content, and the manifest cannot be altered unnoticed.

One module an idea: `format` (names, keys, the stream cipher, the manifest), `database`
(snapshot and restore of the database part), `create` and `restore`.
"""

from __future__ import annotations

from paradesk.ops.backup.create import BackupSummary, create_backup
from paradesk.ops.backup.format import BackupError, decrypt_stream, encrypt_stream
from paradesk.ops.backup.restore import RestoreSummary, restore_backup

__all__ = [
    "BackupError",
    "BackupSummary",
    "RestoreSummary",
    "create_backup",
    "decrypt_stream",
    "encrypt_stream",
    "restore_backup",
]
