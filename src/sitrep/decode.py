"""Stage 1, ingest: a document's bytes to text. In: the bytes read; out: the text, or None and the reason
(a PDF, an image or an office file by its signature, binary bytes, an encoding nothing fits), never a
garbled string."""
from __future__ import annotations

from charset_normalizer import from_bytes

# UTF-32 before UTF-16: the UTF-32-LE BOM begins with the UTF-16-LE one.
BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def decode(data: bytes) -> tuple[str | None, str]:
    """Bytes to text, or None and the reason: never a garbled string."""
    if not data.strip():
        return None, "empty document"
    kind = sniff(data)
    if kind:
        return None, f"{kind}, not a text document: convert it to text or HTML first"
    for bom, encoding in BOMS:  # before the NUL test: UTF-16 and UTF-32 text is full of NUL bytes
        if data.startswith(bom):
            return _decode_bom(data, encoding)
    if b"\x00" in data[:8192]:
        return None, "binary file (NUL bytes), not a text document"
    try:
        return data.decode("utf-8-sig"), ""
    except UnicodeDecodeError:
        pass
    return _decode_guessed(data)


# Signatures (magic bytes) of formats that are not text, whatever their bytes decode to: a small PDF
# can be all ASCII. (offset, bytes, what it is)
SIGNATURES = (
    (0, b"%PDF-", "a PDF document"),
    (0, b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (0, b"\xff\xd8\xff", "a JPEG image"),
    (0, b"GIF87a", "a GIF image"), (0, b"GIF89a", "a GIF image"),
    (8, b"WEBP", "a WebP image"),  # after "RIFF" and a length
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office file (OLE: .doc, .xls or .ppt)"),
)
# A ZIP archive's first entries name what it holds (an OpenDocument's first entry is its "mimetype").
ZIP_KINDS = ((b"mimetypeapplication/vnd.oasis.opendocument", "an OpenDocument file (.odt, .ods or .odp)"),
             (b"word/", "a Word document (.docx)"), (b"xl/", "an Excel workbook (.xlsx)"),
             (b"ppt/", "a PowerPoint presentation (.pptx)"), (b"", "a ZIP archive"))


def sniff(data: bytes) -> str | None:
    """What a non-text format the bytes are, from their signature, or None for anything else."""
    head = data[:4096]
    if head.startswith(b"RIFF") and head[8:12] != b"WEBP":
        return None
    for offset, magic, kind in SIGNATURES:
        if head[offset:offset + len(magic)] == magic:
            return kind
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return next(kind for marker, kind in ZIP_KINDS if marker in head)
    return None


def _decode_bom(data: bytes, encoding: str) -> tuple[str | None, str]:
    order = "LE" if data[:1] == b"\xff" else "BE"
    name = f"{encoding.upper()}-{order}"
    try:
        text = data.decode(encoding)  # the codec reads the byte order from the BOM and drops it
    except UnicodeDecodeError as exc:
        return None, f"invalid {name} text at byte {exc.start} after its byte-order mark"
    if "\x00" in text[:8192]:
        return None, f"binary file (NUL characters after a {name} byte-order mark), not a text document"
    if not text.strip():
        return None, "empty document"
    return text, ""


def _decode_guessed(data: bytes) -> tuple[str | None, str]:
    results = from_bytes(data[:200_000])
    best = results.best()
    if best is not None:
        # Close calls between single-byte code pages go to the commonest: Latin-1 text read as cp1250
        # is garbled ("Aďn" for "Aïn") with almost the same score.
        near = [r for r in results if r.chaos <= best.chaos + 0.02]
        best = min(near, key=lambda r: _PREFERRED.index(r.encoding) if r.encoding in _PREFERRED else len(_PREFERRED))
    if best is None or best.encoding is None:
        return None, "unknown text encoding: not UTF-8 and no other encoding fits"
    if best.chaos > 0.2:
        return None, f"undecodable text: best guess {best.encoding} gives garbled characters"
    try:
        return data.decode(best.encoding), ""
    except (UnicodeDecodeError, LookupError):
        return None, f"undecodable text in guessed encoding {best.encoding}"


_PREFERRED = ["utf_8", "cp1252", "latin_1", "cp1256", "iso8859_6", "cp1251", "iso8859_15", "mac_roman"]
