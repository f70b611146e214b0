"""A minimal Outlook .msg writer for tests: MAPI properties in an OLE compound file.

Nothing on PyPI writes .msg files, and Outlook is not available here, so this builds
one from the two published formats: [MS-CFB] (the compound file: 512-byte sectors,
streams under 4,096 bytes in 64-byte mini sectors) and [MS-OXMSG] (the storages and
`__substg1.0_` / `__properties_version1.0` streams a message is made of).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

_SECTOR = 512
_MINI = 64
_CUTOFF = 4096
_FREE = 0xFFFFFFFF
_END = 0xFFFFFFFE
_FATSECT = 0xFFFFFFFD
_NONE = 0xFFFFFFFF
_UNICODE = 0x001F
_BINARY = 0x0102
_LONG = 0x0003
_TIME = 0x0040


@dataclass
class _Node:
    name: str
    data: bytes | None = None  # None for a storage
    children: list[_Node] = field(default_factory=list)


def _stream(name: str, data: bytes) -> _Node:
    return _Node(name, data)


def _string(prop: int, value: str) -> _Node:
    return _stream(f"__substg1.0_{prop:04X}{_UNICODE:04X}", value.encode("utf-16-le"))


def _binary(prop: int, value: bytes) -> _Node:
    return _stream(f"__substg1.0_{prop:04X}{_BINARY:04X}", value)


def _properties(
    header: bytes, fixed: list[tuple[int, int, bytes]], nodes: list[_Node]
) -> _Node:
    """The property stream: fixed values inline, variable ones by size."""
    entries = bytearray(header)
    for prop, kind, value in fixed:
        entries += struct.pack("<HHI", kind, prop, 6) + value.ljust(8, b"\x00")
    for node in nodes:
        if node.data is None or not node.name.startswith("__substg1.0_"):
            continue
        tag = int(node.name[-8:], 16)
        entries += struct.pack("<II", tag, 6) + struct.pack("<II", len(node.data), 0)
    return _stream("__properties_version1.0", bytes(entries))


def msg_file(
    *,
    subject: str,
    body: str,
    sender: str,
    to: str,
    attachments: list[tuple[str, bytes]],
) -> bytes:
    """An Outlook message (IPM.Note) with a plain-text body and attached files.

    Args:
        subject: the subject line.
        body: the plain-text body.
        sender: the sender's display name.
        to: the To display line.
        attachments: (file name, bytes) of each attached file, each under 4,096 bytes.

    Returns:
        The .msg file.
    """
    top = [
        _string(0x001A, "IPM.Note"),
        _string(0x0037, subject),
        _string(0x1000, body),
        _string(0x0C1A, sender),
        _string(0x0E04, to),
        _string(0x0E03, ""),
    ]
    recipient = [_string(0x3001, to), _string(0x39FE, to), _string(0x3003, to)]
    recipient.append(
        _properties(bytes(8), [(0x0C15, _LONG, struct.pack("<I", 1))], recipient)
    )
    children: list[_Node] = [
        *top,
        _Node(
            "__nameid_version1.0",
            children=[_binary(0x0002, b""), _binary(0x0003, b""), _binary(0x0004, b"")],
        ),
        _Node("__recip_version1.0_#00000000", children=recipient),
    ]
    for index, (name, data) in enumerate(attachments):
        streams = [
            _binary(0x3701, data),
            _string(0x3707, name),
            _string(0x3704, name[:12]),
            _string(0x3001, name),
        ]
        streams.append(
            _properties(
                bytes(8),
                [
                    (0x3705, _LONG, struct.pack("<I", 1)),  # attached by value
                    (0x0E21, _LONG, struct.pack("<I", index)),
                ],
                streams,
            )
        )
        children.append(_Node(f"__attach_version1.0_#{index:08X}", children=streams))
    header = bytes(8) + struct.pack("<IIII", 1, len(attachments), 1, len(attachments))
    children.append(_properties(header + bytes(8), [], top))
    return _compound_file(_Node("Root Entry", children=children))


def _compound_file(root: _Node) -> bytes:
    entries: list[_Node] = []

    def number(node: _Node) -> None:
        entries.append(node)
        for child in node.children:
            number(child)

    number(root)
    ids = {id(node): index for index, node in enumerate(entries)}
    mini = bytearray()
    starts: dict[int, int] = {}
    minifat: list[int] = []
    for node in entries:
        if node.data is None or not node.data:
            continue
        if len(node.data) >= _CUTOFF:
            raise ValueError(f"{node.name} is too large for this test writer")
        count = -(-len(node.data) // _MINI)
        starts[id(node)] = len(minifat)
        minifat += [len(minifat) + 1 + i for i in range(count - 1)] + [_END]
        mini += node.data.ljust(count * _MINI, b"\x00")

    def sectors(length: int) -> int:
        return -(-length // _SECTOR)

    dir_count = sectors(len(entries) * 128)
    minifat_count = sectors(len(minifat) * 4)
    mini_count = sectors(len(mini))
    body = dir_count + minifat_count + mini_count
    fat_count = 1
    while fat_count * 128 < body + fat_count:
        fat_count += 1
    fat: list[int] = []
    chains = (
        (0, dir_count),
        (dir_count, minifat_count),
        (body - mini_count, mini_count),
    )
    for start, count in chains:
        fat += [start + i + 1 for i in range(count - 1)] + ([_END] if count else [])
    fat += [_FATSECT] * fat_count
    fat += [_FREE] * (fat_count * 128 - len(fat))
    first_mini = dir_count + minifat_count if mini_count else _END

    # Sibling links are per storage, so build them first, then write every entry.
    links: dict[int, tuple[int, int]] = {}
    child_of: dict[int, int] = {}
    for node in entries:
        if node.children:
            child_of[id(node)] = _tree(node.children, ids, links)
    directory = bytearray()
    for node in entries:
        left, right = links.get(id(node), (_NONE, _NONE))
        child = child_of.get(id(node), _NONE)
        name = node.name.encode("utf-16-le") + b"\x00\x00"
        if node is root:
            kind, start, size = 5, first_mini, len(mini)
        elif node.data is None:
            kind, start, size = 1, 0, 0
        else:
            kind, start, size = 2, starts.get(id(node), _END), len(node.data)
        directory += (
            name.ljust(64, b"\x00")
            + struct.pack("<HBB", len(name), kind, 1)
            + struct.pack("<III", left, right, child)
            + bytes(16 + 4 + 16)
            + struct.pack("<IQ", start, size)
        )
    directory += b"\x00" * (dir_count * _SECTOR - len(directory))
    # Unused directory slots must read as empty entries with no siblings.
    for offset in range(len(entries) * 128, len(directory), 128):
        directory[offset + 68 : offset + 80] = struct.pack("<III", _NONE, _NONE, _NONE)

    header = bytearray()
    header += b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16)
    header += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
    header += struct.pack("<II", 0, fat_count)
    header += struct.pack("<II", 0, 0)  # first directory sector, transaction
    header += struct.pack("<I", _CUTOFF)
    header += struct.pack("<II", dir_count if minifat_count else _END, minifat_count)
    header += struct.pack("<II", _END, 0)
    difat = [body + i for i in range(fat_count)] + [_FREE] * (109 - fat_count)
    header += struct.pack("<109I", *difat)

    def pad(data: bytes | bytearray, count: int) -> bytes:
        return bytes(data).ljust(count * _SECTOR, b"\x00")

    minifat_bytes = struct.pack(f"<{len(minifat)}I", *minifat)
    minifat_bytes += struct.pack("<I", _FREE) * (
        (minifat_count * _SECTOR - len(minifat_bytes)) // 4
    )
    return (
        bytes(header)
        + bytes(directory)
        + pad(minifat_bytes, minifat_count)
        + pad(mini, mini_count)
        + struct.pack(f"<{len(fat)}I", *fat)
    )


def _tree(
    children: list[_Node], ids: dict[int, int], links: dict[int, tuple[int, int]]
) -> int:
    """Links `children` as a balanced tree in [MS-CFB] name order; returns its root."""
    ordered = sorted(children, key=lambda n: (len(n.name), n.name.upper()))

    def build(low: int, high: int) -> int:
        if low >= high:
            return _NONE
        middle = (low + high) // 2
        node = ordered[middle]
        links[id(node)] = (build(low, middle), build(middle + 1, high))
        return ids[id(node)]

    return build(0, len(ordered))
