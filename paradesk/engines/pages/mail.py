"""E-mail (.eml, Outlook .msg): headers and body as a page, attachments as children."""

from __future__ import annotations

import base64
import email
import email.policy
import quopri
from collections.abc import Callable, Iterator
from email.message import EmailMessage, Message
from html.parser import HTMLParser

import extract_msg
from extract_msg.enums import AttachmentType

from paradesk.engines.pages.exceptions import CorruptFileError
from paradesk.engines.pages.models import Attachment, Page

ReadChild = Callable[[bytes, str], Attachment]
"""Reads one attached file (bytes, name), never raising: failures go in `error`."""

HEADERS = ("From", "To", "Cc", "Date", "Subject")
_BLOCK_TAGS = frozenset(
    {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "hr"}
)
_HIDDEN_TAGS = frozenset({"script", "style", "head", "title"})


def read_eml(
    data: bytes, *, read_child: ReadChild
) -> tuple[tuple[Page, ...], tuple[Attachment, ...], dict[str, str]]:
    """Reads an RFC 5322 message: one page of headers and body, plus its attachments.

    Args:
        data: the .eml file.
        read_child: reads each attachment (recursively, by content type).

    Returns:
        The pages (one), the attachments in order, and the header fields found.
    """
    message = email.message_from_bytes(data, policy=email.policy.default)
    if not isinstance(message, EmailMessage):  # the default policy always makes one
        raise CorruptFileError("the e-mail could not be parsed")
    metadata = {}
    for name in HEADERS:
        value = _header(message, name)
        if value:
            metadata[name] = value
    bodies = [
        part
        for part in (
            message.get_body(preferencelist=("plain",)),
            message.get_body(preferencelist=("html",)),
        )
        if part is not None
    ]
    chosen = bodies[0] if bodies else None
    texts = [_part_text(chosen)] if chosen is not None else []
    attachments: list[Attachment] = []
    for part in _leaves(message):
        if any(part is body for body in bodies):
            continue
        filename = part.get_filename()
        if (
            part.get_content_maintype() == "text"
            and not filename
            and (part.get_content_disposition() != "attachment")
        ):
            # Text appended by a list server or a signature block, not a file.
            texts.append(_part_text(part))
            continue
        name = filename or _made_up_name(part, len(attachments) + 1)
        attachments.append(read_child(_part_bytes(part), name))
    page = Page(
        number=1,
        text=_page_text(metadata, "\n\n".join(t for t in texts if t)),
        method="text",
    )
    return (page,), tuple(attachments), metadata


def read_msg(
    data: bytes, *, read_child: ReadChild
) -> tuple[tuple[Page, ...], tuple[Attachment, ...], dict[str, str]]:
    """Reads an Outlook .msg item like an e-mail: headers and body, then attachments.

    Args:
        data: the .msg file.
        read_child: reads each attachment (recursively, by content type).

    Returns:
        The pages (one), the attachments in order, and the header fields found.

    Raises:
        CorruptFileError: the compound file or its properties are damaged.
    """
    try:
        message = extract_msg.openMsg(data, strict=False)
    # extract-msg and olefile raise many unrelated types on damaged input.
    except Exception as exc:
        raise CorruptFileError("the Outlook message is damaged") from exc
    try:
        fields = {
            "From": getattr(message, "sender", None),
            "To": getattr(message, "to", None),
            "Cc": getattr(message, "cc", None),
            "Date": getattr(message, "date", None),
            "Subject": getattr(message, "subject", None),
        }
        metadata = {name: str(value).strip() for name, value in fields.items() if value}
        body = getattr(message, "body", None) or ""
        if not body.strip():
            html = getattr(message, "htmlBody", None)
            body = html_to_text(html.decode("utf-8", errors="replace")) if html else ""
        attachments = tuple(
            _msg_attachment(attachment, number, read_child)
            for number, attachment in enumerate(message.attachments, start=1)
        )
    except Exception as exc:  # as above
        raise CorruptFileError("the Outlook message is damaged") from exc
    finally:
        message.close()
    page = Page(number=1, text=_page_text(metadata, body.strip()), method="text")
    return (page,), attachments, metadata


def html_to_text(html: str) -> str:
    """The visible text of an HTML fragment, one line per block element.

    Args:
        html: the markup (an e-mail's HTML body).

    Returns:
        Its text without tags, scripts or styles.
    """
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip()


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN_TAGS:
            self._hidden += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN_TAGS:
            self._hidden = max(0, self._hidden - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def _header(message: Message, name: str) -> str:
    try:
        value = message.get(name)
    # A malformed header field makes the parser raise on access, not on parse: fall
    # back to the field's raw text.
    except (ValueError, TypeError, IndexError, AttributeError):
        value = next(
            (raw for key, raw in message.raw_items() if key.lower() == name.lower()),
            None,
        )
    return " ".join(str(value).split()) if value is not None else ""


def _leaves(part: Message) -> Iterator[Message]:
    """Every non-container part, not descending into attached messages."""
    if part.get_content_type() == "message/rfc822":
        yield part
        return
    if part.is_multipart():
        for sub in part.get_payload():
            if isinstance(sub, Message):
                yield from _leaves(sub)
        return
    yield part


def _part_text(part: Message) -> str:
    payload = part.get_payload(decode=True)
    raw = payload if isinstance(payload, bytes) else b""
    charset = part.get_content_charset() or "utf-8"
    try:
        text = raw.decode(charset, errors="replace")
    except LookupError:
        text = raw.decode("utf-8", errors="replace")
    text = text.replace("\r\n", "\n").strip()
    if part.get_content_subtype() == "html":
        return html_to_text(text)
    return text


def _part_bytes(part: Message) -> bytes:
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload()
        if not (isinstance(inner, list) and inner and isinstance(inner[0], Message)):
            return b""
        raw = inner[0].as_bytes()
        # RFC 2046 forbids encoding a message/rfc822 part, but some clients base64 it;
        # the parser then reads the encoded lines as a body, kept verbatim here.
        encoding = str(part.get("Content-Transfer-Encoding", "")).strip().lower()
        if encoding == "base64":
            return base64.b64decode(raw.split(b"\n\n", 1)[-1], validate=False)
        if encoding == "quoted-printable":
            return quopri.decodestring(raw.split(b"\n\n", 1)[-1])
        return raw
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else b""


def _made_up_name(part: Message, number: int) -> str:
    if part.get_content_type() == "message/rfc822":
        return f"attached-message-{number}.eml"
    return f"attachment-{number}"


def _msg_attachment(
    attachment: object, number: int, read_child: ReadChild
) -> Attachment:
    kind = getattr(attachment, "type", None)
    if kind == AttachmentType.MSG:
        inner = getattr(attachment, "data", None)
        data = inner.exportBytes() if inner is not None else b""
        name = _msg_attachment_name(attachment) or f"attached-message-{number}.msg"
        return read_child(data, name)
    data = getattr(attachment, "data", None)
    name = _msg_attachment_name(attachment) or f"attachment-{number}"
    if not isinstance(data, bytes):
        return Attachment(
            name=name, data=b"", extraction=None, error="the attachment has no content"
        )
    return read_child(data, name)


def _msg_attachment_name(attachment: object) -> str | None:
    for field in ("longFilename", "shortFilename", "name"):
        value = getattr(attachment, field, None)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _page_text(metadata: dict[str, str], body: str) -> str:
    header = "\n".join(f"{name}: {value}" for name, value in metadata.items())
    return f"{header}\n\n{body}".strip()
