"""What an uploaded file really holds, judged from its parsed content (docs/data-protection.md
"Uploaded files"): the help desk's attachments and grant files (network.attachments) and the admin's
documents (webinars.uploads) use these checks, then the virus scan (network.virus_scan).

Each check takes bytes and returns a `Problem` (or None): plain values, no database.

PDF: every name token anywhere in the file, and in every object stream, is decoded as the
PDF specification says (`/J#61vaScript` is `/JavaScript`) before it is compared. We read the
file with our own tokenizer rather than walking pypdf's object tree: a viewer repairs a
broken cross-reference table and finds objects a parser that follows the table never sees,
while a tokenizer sees every name in the file whatever its structure, with no parse to fail
and no new dependency. Every stream is decoded with every text filter (Flate, ASCIIHex,
ASCII85) whatever its dictionary says, within one byte budget, and read the same way; a PDF
with a password is refused (its content cannot be read).

Office (Open XML) packages: the zip directory is read first (member count, names, the
declared uncompressed size and compression ratio), then every member is inflated with a byte
budget, since a directory can lie; the relationships (anything loaded from another address,
templates, embedded objects, macros, ActiveX), Word fields (DDE, INCLUDETEXT...) and
[Content_Types].xml decide the rest. A chart's data workbook is checked as a package too.

Text: valid UTF-8 (or a declared single-byte encoding), without control characters, and
without the signature of another format anywhere in it.
"""

import bisect
import io
import posixpath
import re
import zipfile
import zlib
from base64 import a85decode
from binascii import unhexlify
from dataclasses import dataclass
from urllib.parse import urlsplit
from xml.etree import ElementTree

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# --- Problems ---

FORMAT = "format"  # not what it claims, broken, or two formats at once
ACTIVE = "active"  # PDF scripts, actions or attached files
EMBEDDED = "embedded"  # Office macros, embedded objects or files, ActiveX
REMOTE = "remote"  # Office content loaded from another address when opened
UNPACKED = "unpacked"  # an archive that inflates past the budget
ENCRYPTED = "encrypted"  # a PDF with a password: its content cannot be read


@dataclass(frozen=True)
class Problem:
    reason: str  # one of the constants above
    detail: str  # what was found, for logs and tests (never shown: it may be hostile)


def refusal(problem: Problem, name: str) -> ValidationError:
    """The message a person reads for a problem other than FORMAT (whose wording names the
    formats the place accepts, so the caller writes it)."""
    if problem.reason == ACTIVE:
        message = _(
            "“%(name)s” contains scripts, automatic actions or attached files, which we do not "
            "accept. Please print it to a new PDF (choose “Save as PDF” when printing) and send "
            "that."
        )
    elif problem.reason == EMBEDDED:
        message = _(
            "“%(name)s” contains macros or embedded files, which we do not accept. Please save "
            "it as PDF and send that."
        )
    elif problem.reason == REMOTE:
        message = _(
            "“%(name)s” loads content from another address when it is opened, which we do not "
            "accept. Please save it as PDF and send that."
        )
    elif problem.reason == ENCRYPTED:
        message = _(
            "“%(name)s” is protected by a password, so we cannot check what it contains. "
            "Please remove the password (save or print it as a new PDF without one) and "
            "upload it again."
        )
    elif problem.reason == UNPACKED:
        message = _(
            "“%(name)s” unpacks to more than %(limit)s. Please send a smaller file, or save it "
            "as PDF."
        )
    else:
        raise ValueError(problem.reason)
    values = {"name": name, "limit": filesizeformat(MAX_UNPACKED_BYTES)}
    return ValidationError(message % values, code=problem.reason)


# --- Signatures of formats ---

ZIP_LOCAL = b"PK\x03\x04"
ZIP_END = b"PK\x05\x06"  # a zip reader finds the archive from this record, near the end
ZIP_END_SEARCH = 65_557  # the end record and the longest comment it may carry
FOREIGN_SIGNATURES = (
    b"%PDF-",
    ZIP_LOCAL,
    ZIP_END,
    b"PK\x01\x02",
    b"GIF87a",
    b"GIF89a",
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",
    b"\x7fELF",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",  # OLE2: old Office files, MSI
    b"{\\rtf",
    b"%!PS",
    b"\xca\xfe\xba\xbe",
    b"\xcf\xfa\xed\xfe",
)
# Signatures that only count at the very start (as two letters they are common in text).
LEADING_SIGNATURES = (b"MZ", b"#!")


def zip_inside(data: bytes) -> bool:
    """Whether a zip reader would find an archive in these bytes (a polyglot)."""
    return ZIP_END in data[-ZIP_END_SEARCH:]


# --- PDF ---

PDF_DELIMITERS = b"\x00\t\n\x0c\r ()<>[]{}/%"
PDF_NAME = re.compile(rb"/([^\x00\t\n\x0c\r ()<>\[\]{}/%]*)")
PDF_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
# Names that run something, open something or carry files (PDF 2.0, 12.6 "Actions", 7.11
# "File specifications", 12.7.8 XFA): refused wherever they appear, however they are spelled.
PDF_ACTIVE_NAMES = frozenset(
    {
        b"javascript",
        b"launch",
        b"embeddedfile",
        b"embeddedfiles",
        b"richmedia",
        b"gotoe",
        b"importdata",
        b"submitform",
        b"gotor",  # opens another file, a local one or one at an address
        b"rendition",  # plays media, and may run a script (/JS) with it
        b"sound",
        b"movie",
    }
)
# Keys that count only with a value after them (a string, a dictionary, a reference, an
# array of strings and streams for /XFA): two or three letters after a slash turn up by
# chance in compressed bytes, and an /OpenAction that is an array is a destination (the page
# and zoom to open at), not an action.
PDF_ACTIVE_KEYS = frozenset({b"js", b"aa", b"openaction", b"xfa"})
# A comment (% to the end of the line) counts as whitespace (7.2.4).
PDF_SPACE = rb"(?:[\x00\t\n\x0c\r ]|%[^\r\n]*)"
PDF_KEY_VALUE = re.compile(
    PDF_SPACE
    + rb"*(?:\(|<|\["
    + PDF_SPACE
    + rb"*\(|\d+"
    + PDF_SPACE
    + rb"+\d+"
    + PDF_SPACE
    + rb"+R)"
)
PDF_STREAM = re.compile(rb"(?<!end)stream[\x00\t\x0c ]*(?:\r\n|\n|\r)")
PDF_DICT_START = re.compile(rb"\bobj\b")
MAX_PDF_INFLATED_BYTES = 64 * 1024 * 1024  # every stream of one file, decoded, together


def decode_pdf_name(raw: bytes) -> bytes:
    """A name token's bytes (after the slash) as the name they spell: each `#xx` (two
    hexadecimal digits) is the byte xx (PDF 1.2 and later, 7.3.5)."""
    return PDF_ESCAPE.sub(lambda match: bytes([int(match.group(1), 16)]), raw)


def pdf_names(data: bytes):
    """Every name in these bytes, decoded, with where its token ends."""
    for match in PDF_NAME.finditer(data):
        yield decode_pdf_name(match.group(1)), match.end()


def _active_name(data: bytes) -> bytes | None:
    for name, end in pdf_names(data):
        lowered = name.lower()
        if lowered in PDF_ACTIVE_NAMES:
            return name
        if lowered in PDF_ACTIVE_KEYS and PDF_KEY_VALUE.match(data, end):
            return name
    return None


def _stream_dictionary(data: bytes, start: int, floor: int) -> bytes | None:
    """The bytes from the object's start to the `stream` keyword at `start` (at most 4 KB,
    not before `floor`), when they name a predictor's parameters; None when they do not."""
    begin = max(floor, start - 4096)
    if data.find(b"DecodeParms", begin, start) < 0 and data.find(b"/DP", begin, start) < 0:
        return None
    head = data[begin:start]
    found = list(PDF_DICT_START.finditer(head))
    return head[found[-1].end() :] if found else head


class _Budget:
    """The bytes every stream of one file may inflate to, together."""

    def __init__(self, limit: int):
        self.left = limit

    def spend(self, count: int) -> None:
        self.left -= count
        if self.left < 0:
            raise OverflowError


def _inflate_pdf(data: bytes, budget: _Budget) -> bytes | None:
    """What a Flate stream starting at data's first byte inflates to, as far as it goes: a
    reader shows what it could inflate before a broken byte, and so do we. Deflate stops at
    its own end, so where the stream says it ends (which a stored block can fake) is
    irrelevant."""
    inflater = zlib.decompressobj()
    out = []
    try:
        for offset in range(0, len(data), CHUNK):
            piece = inflater.decompress(data[offset : offset + CHUNK], budget.left + 1)
            budget.spend(len(piece))
            out.append(piece)
            while inflater.unconsumed_tail and not inflater.eof:
                piece = inflater.decompress(inflater.unconsumed_tail, budget.left + 1)
                budget.spend(len(piece))
                out.append(piece)
            if inflater.eof:
                break
    except zlib.error:
        pass
    return b"".join(out) or None


# Runs of at least 8 characters: fewer decode to less than an active name with its value.
PDF_HEX_RUN = re.compile(rb"[0-9A-Fa-f\x00\t\n\x0c\r ]{8,}")
PDF_A85_RUN = re.compile(rb"[!-uz\x00\t\n\x0c\r ]{8,}")
PDF_WHITESPACE = re.compile(rb"[\x00\t\n\x0c\r ]")


def _from_hex(run: bytes, budget: _Budget) -> bytes | None:
    digits = PDF_WHITESPACE.sub(b"", run)
    if not digits:
        return None
    out = unhexlify(digits + b"0" * (len(digits) % 2))
    budget.spend(len(out))
    return out


def _from_a85(run: bytes, budget: _Budget) -> bytes | None:
    text = PDF_WHITESPACE.sub(b"", run).removeprefix(b"<~")
    if not text:
        return None
    try:
        out = a85decode(text)
    except ValueError:
        return None
    budget.spend(len(out))
    return out


def _unhex_pdf(data: bytes, budget: _Budget) -> bytes | None:
    run = PDF_HEX_RUN.match(data)
    if run is None or data[run.end() : run.end() + 1] != b">":
        return None
    return _from_hex(run.group(), budget)


def _un85_pdf(data: bytes, budget: _Budget) -> bytes | None:
    run = PDF_A85_RUN.match(data)
    if run is None or data[run.end() : run.end() + 2] != b"~>":
        return None
    return _from_a85(run.group(), budget)


class _Runs:
    """The longest runs of a character class in a file, found once: where the run from any
    position ends, without reading it again for each stream keyword."""

    def __init__(self, pattern: re.Pattern, data: bytes):
        found = [match.span() for match in pattern.finditer(data)]
        self.starts = [start for start, _end in found]
        self.ends = [end for _start, end in found]

    def end(self, position: int) -> int:
        index = bisect.bisect_right(self.starts, position) - 1
        if index >= 0 and self.ends[index] > position:
            return self.ends[index]
        return position


PDF_DECODERS = (_inflate_pdf, _unhex_pdf, _un85_pdf)
PDF_FILTER_DEPTH = 3  # /Filter [/AHx /Fl], and one more


def _decoded(data: bytes, budget: _Budget, depth: int = 1):
    """Everything the text filters (Flate, ASCIIHex, ASCII85, in any chain) decode these
    bytes to: each filter is tried, whatever the stream's dictionary says. Image filters
    (DCT, JPX, CCITT, JBIG2) hold no names and are left alone: their bytes decode to nothing."""
    for decoder in PDF_DECODERS:
        out = decoder(data, budget)
        if out:
            yield out
            if depth < PDF_FILTER_DEPTH:
                yield from _decoded(out, budget, depth + 1)


def _streams(data: bytes):
    """The decoded content of every stream in the file. Every stream is read, whatever its
    type and however its dictionary is written (a reader finds an object stream through the
    cross-reference table, which a file can make say anything). Raises ValueError for an
    object stream we cannot read, OverflowError past the byte budget."""
    budget = _Budget(MAX_PDF_INFLATED_BYTES)
    text_filters = (
        (_Runs(PDF_HEX_RUN, data), b">", _from_hex),
        (_Runs(PDF_A85_RUN, data), b"~>", _from_a85),
    )
    view = memoryview(data)
    floor = 0
    for match in PDF_STREAM.finditer(data):
        dictionary = _stream_dictionary(data, match.start(), floor)
        floor = match.end()
        names = {name for name, _end in pdf_names(dictionary or b"")}
        if ({b"ObjStm"} & names or {b"N", b"First"} <= names) and names & {b"DecodeParms", b"DP"}:
            # A predictor rearranges the bytes, names included.
            raise ValueError("object stream with filters we do not follow")
        # Deflate finds its own end: given the rest of the file, a fake `endstream` in a
        # stored block does not cut it short.
        head = data[match.end() : match.end() + 2]
        zlib_header = len(head) == 2 and head[0] & 0x0F == 8 and (head[0] * 256 + head[1]) % 31 == 0
        inflated = _inflate_pdf(view[match.end() :], budget) if zlib_header else None
        if inflated:
            yield inflated
            yield from _decoded(inflated, budget, 2)
        # A hexadecimal or ASCII85 stream: the run of its characters from here, and the
        # end marker after it (a file cannot hide a filter by writing it differently).
        for runs, terminator, decode in text_filters:
            run_end = runs.end(match.end())
            if data[run_end : run_end + len(terminator)] == terminator:
                out = decode(data[match.end() : run_end], budget)
                if out:
                    yield out
                    yield from _decoded(out, budget, 2)


def _encrypted(data: bytes) -> bool:
    """An /Encrypt entry with a value (in the trailer or a cross-reference stream)."""
    return any(
        name.lower() == b"encrypt" and PDF_KEY_VALUE.match(data, end)
        for name, end in pdf_names(data)
    )


def pdf_problem(data: bytes) -> Problem | None:
    """What makes this PDF unsafe to pass on, if anything."""
    if zip_inside(data):
        return Problem(FORMAT, "a zip archive inside the PDF")
    if _encrypted(data):
        return Problem(ENCRYPTED, "/Encrypt")
    found = _active_name(data)
    if found is not None:
        return Problem(ACTIVE, "/" + found.decode("latin-1"))
    try:
        for content in _streams(data):
            found = _active_name(content)
            if found is not None:
                return Problem(ACTIVE, "/" + found.decode("latin-1") + " in a stream")
    except OverflowError:
        return Problem(UNPACKED, "streams inflate past the budget")
    except ValueError as error:
        return Problem(FORMAT, str(error))
    return None


# --- Office Open XML packages ---

MAX_MEMBERS = 1000
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed, for members over RATIO_FLOOR
RATIO_FLOOR = 1024 * 1024
CHUNK = 64 * 1024

CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
RELATIONSHIPS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
WORD_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
# Relationship types (the last part of their URI) that embed or run something, or pull in
# content from elsewhere even when the target is inside the package.
EMBEDDING_RELATIONSHIPS = frozenset(
    {
        "oleobject",
        "package",
        "vbaproject",
        "wordvbadata",
        "activex",
        "activexcontrolbinary",
        "control",
        "afchunk",  # altChunk: another document (HTML, RTF, MHT) merged in when opened
        "subdocument",
    }
)
REMOTE_RELATIONSHIPS = frozenset({"attachedtemplate", "frame"})
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
# Parts and content types of macros, embedded objects and controls.
EMBEDDED_PARTS = re.compile(
    r"(^|/)(embeddings|activex)/|vbaproject|vbadata|oleobject|"
    r"\.(bin|exe|dll|js|vbs|html?|mht|svg|xlsm|xlsb|docm|dotm|pptm|potm|ppsm|xlam|ppam)$",
    re.IGNORECASE,
)
# Printer settings are a binary record of the page set-up (a DEVMODE), nothing that runs.
PRINTER_SETTINGS = re.compile(r"(^|/)printerSettings/printerSettings\d+\.bin$", re.IGNORECASE)
EMBEDDED_TYPES = re.compile(r"macroenabled|vbaproject|vbadata|activex|oleobject", re.IGNORECASE)
DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
# A chart's data: a workbook in the package, from a chart part's relationships.
CHART_RELATIONSHIPS = re.compile(r"^(word|xl|ppt)/charts/_rels/chart\d+\.xml\.rels$")
CHART_WORKBOOK = re.compile(r"^(word|xl|ppt)/embeddings/[^/]+\.xlsx$")
WORKBOOK_MAIN = (
    "/xl/workbook.xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
)
# Word fields that start a program (DDE, DDEAUTO) or fetch a file or an address when the
# document opens or updates (INCLUDETEXT, INCLUDEPICTURE), as the field's name: the first word
# of its instruction (a NUL marks where a field begins or ends).
ACTIVE_FIELDS = re.compile(
    r"(?:^|[\s\x00{])(DDEAUTO|DDE|INCLUDETEXT|INCLUDEPICTURE)(?=$|[\s\x00}\\])", re.IGNORECASE
)


def _members(data: bytes) -> tuple[zipfile.ZipFile, list[zipfile.ZipInfo]] | Problem:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        return Problem(FORMAT, "not a zip archive")
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        return Problem(UNPACKED, f"{len(members)} members")
    names = [member.filename for member in members]
    if len(set(names)) != len(names) or len({n.lower() for n in names}) != len(names):
        return Problem(FORMAT, "the same member twice")  # readers disagree on which one counts
    for member in members:
        name = member.filename
        if name.startswith("/") or "\\" in name or ".." in name.split("/"):
            return Problem(FORMAT, "a member outside the package")
        if member.flag_bits & 0x1:
            return Problem(FORMAT, "an encrypted member")
        if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            return Problem(FORMAT, "a compression Office does not write")
    declared = sum(member.file_size for member in members)
    if declared > MAX_UNPACKED_BYTES:
        return Problem(UNPACKED, f"declares {declared} bytes")
    for member in members:
        if member.file_size > RATIO_FLOOR and member.file_size > MAX_RATIO * max(
            member.compress_size, 1
        ):
            return Problem(UNPACKED, f"{member.filename} compressed more than {MAX_RATIO}:1")
    return archive, members


def _inflate(archive, members, budget: _Budget, wanted=frozenset()) -> dict[str, bytes] | Problem:
    """The XML parts we read (relationships, content types, fields) and the `wanted` members,
    every member inflated within the budget: the directory's sizes are a claim, the inflated
    bytes are counted."""
    kept = {}
    try:
        for member in members:
            is_xml = member.filename.endswith((".xml", ".rels"))
            keep = is_xml or member.filename in wanted
            parts, tail = [], b""
            with archive.open(member) as stream:
                while chunk := stream.read(CHUNK):
                    budget.spend(len(chunk))
                    if is_xml and DTD.search(tail + chunk):
                        return Problem(FORMAT, f"a DTD in {member.filename}")
                    tail = chunk[-16:]
                    if keep:
                        parts.append(chunk)
            if keep:
                kept[member.filename] = b"".join(parts)
    except OverflowError:
        return Problem(UNPACKED, "inflates past the budget")
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError):
        # A wrong CRC or size (a directory that lies), a truncated member...
        return Problem(FORMAT, "a member that does not inflate as its directory says")
    return kept


def _xml(data: bytes):
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return None


def _content_types_problem(
    content_types: bytes | None, main: tuple[str, str] | None
) -> Problem | None:
    root = _xml(content_types) if content_types is not None else None
    if root is None or root.tag != CONTENT_TYPES_NS + "Types":
        return Problem(FORMAT, "no readable [Content_Types].xml")
    overrides = {}
    for entry in root:
        content_type = entry.get("ContentType", "")
        if EMBEDDED_TYPES.search(content_type):
            return Problem(EMBEDDED, f"content type {content_type}")
        if entry.tag == CONTENT_TYPES_NS + "Override":
            overrides[entry.get("PartName", "").lower()] = content_type
    if main is not None and overrides.get(main[0]) != main[1]:
        return Problem(FORMAT, f"{main[0]} is not the main part it should be")
    return None


def _relationships_problem(name: str, data: bytes, charts=frozenset()) -> Problem | None:
    """`charts`: the workbooks a chart part may embed (its data, checked on their own)."""
    root = _xml(data)
    if root is None or root.tag != RELATIONSHIPS_NS + "Relationships":
        return Problem(FORMAT, f"unreadable relationships {name}")
    for relationship in root:
        kind = relationship.get("Type", "").rstrip("/").rsplit("/", 1)[-1].lower()
        target = relationship.get("Target", "")
        external = relationship.get("TargetMode", "").lower() == "external"
        if kind == "package" and not external and _target(name, target) in charts:
            continue
        if kind in REMOTE_RELATIONSHIPS:
            return Problem(REMOTE, f"{name}: {kind} {target}")
        if kind in EMBEDDING_RELATIONSHIPS or (not external and EMBEDDED_PARTS.search(target)):
            return Problem(EMBEDDED, f"{name}: {kind} {target}")
        if external:
            # A link the reader clicks is fine, as in a PDF; anything else external
            # (a picture, a template, a frame, an object, a data source) is fetched by
            # the program as the file opens: a tracker, or a way in (CVE-2022-30190).
            scheme = urlsplit(target.strip()).scheme.lower()
            if kind != "hyperlink" or scheme not in LINK_SCHEMES:
                return Problem(REMOTE, f"{name}: external {kind} {target}")
    return None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _fields_problem(name: str, data: bytes) -> Problem | None:
    """A Word field in this part that runs a program or loads content from elsewhere."""
    if b"instr" not in data:
        return None
    root = _xml(data)
    if root is None:
        return Problem(FORMAT, f"unreadable {name}")
    instructions = []
    for element in root.iter():
        tag = _local(element.tag)
        if tag == "fldChar":
            instructions.append("\x00")
        elif tag == "instrText":
            instructions.append(element.text or "")
        elif tag == "fldSimple":
            instructions.append("\x00")
            for key, value in element.attrib.items():
                if _local(key) == "instr":
                    instructions.append(value + "\x00")
    found = ACTIVE_FIELDS.search("".join(instructions))
    if found:
        return Problem(REMOTE, f"{name}: field {found.group(1)}")
    return None


def _target(rels_name: str, target: str) -> str:
    """The member a relationship's target names: relative to the part whose relationships
    these are (word/charts/_rels/chart1.xml.rels is chart1.xml's, in word/charts/)."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    base = posixpath.dirname(posixpath.dirname(rels_name))
    return posixpath.normpath(posixpath.join(base, target))


def _chart_workbooks(kept: dict[str, bytes]) -> set[str]:
    """The spreadsheets (.xlsx) chart parts embed as their data, as Word, Excel and
    PowerPoint write them: a `package` relationship from a chart part."""
    found = set()
    for name, content in kept.items():
        if not CHART_RELATIONSHIPS.search(name):
            continue
        root = _xml(content)
        for relationship in root if root is not None else ():
            kind = relationship.get("Type", "").rstrip("/").rsplit("/", 1)[-1].lower()
            target = _target(name, relationship.get("Target", ""))
            if kind == "package" and CHART_WORKBOOK.search(target):
                found.add(target)
    return found


def office_problem(data: bytes, *, main_type: str | None = None) -> Problem | None:
    """What makes this Office Open XML package (.docx, .xlsx, .pptx) unsafe to pass on;
    `main_type` also requires word/document.xml to be that kind of main part."""
    main = ("/word/document.xml", main_type) if main_type else None
    return _package_problem(data, main, _Budget(MAX_UNPACKED_BYTES), nested=False)


def _package_problem(
    data: bytes, main: tuple[str, str] | None, budget: _Budget, *, nested: bool
) -> Problem | None:
    opened = _members(data)
    if isinstance(opened, Problem):
        return opened
    archive, members = opened
    names = {member.filename for member in members}
    # A chart's data: a workbook, read like any package (within the same budget), never
    # one inside that.
    candidates = {name for name in names if CHART_WORKBOOK.search(name)} if not nested else set()
    with archive:
        kept = _inflate(archive, members, budget, candidates)
    if isinstance(kept, Problem):
        return kept
    charts = _chart_workbooks(kept) & candidates
    for member in members:
        name = member.filename
        if EMBEDDED_PARTS.search(name) and not PRINTER_SETTINGS.search(name) and name not in charts:
            return Problem(EMBEDDED, name)
    problem = _content_types_problem(kept.get("[Content_Types].xml"), main)
    if problem:
        return problem
    for name, content in sorted(kept.items()):
        if name.endswith(".rels"):
            allowed = charts if CHART_RELATIONSHIPS.search(name) else frozenset()
            problem = _relationships_problem(name, content, allowed)
            if problem:
                return problem
        elif name.endswith(".xml"):
            problem = _fields_problem(name, content)
            if problem:
                return problem
    for name in sorted(charts):
        problem = _package_problem(kept[name], WORKBOOK_MAIN, budget, nested=True)
        if problem:
            return Problem(problem.reason, f"{name}: {problem.detail}")
    return None


def docx_problem(data: bytes) -> Problem | None:
    return office_problem(data, main_type=WORD_MAIN)


# OpenDocument: macros (Basic/), scripts (Scripts/) and embedded objects (Object 1/, ...).
ODF_ACTIVE_PARTS = re.compile(r"^(Basic|Scripts|Object \d+)/", re.IGNORECASE)


def odf_problem(data: bytes) -> Problem | None:
    """What makes this OpenDocument file (.odt) unsafe to pass on: the zip checks Office
    packages go through (directory, budget, DTDs), and no macros, scripts or objects."""
    opened = _members(data)
    if isinstance(opened, Problem):
        return opened
    archive, members = opened
    for member in members:
        if ODF_ACTIVE_PARTS.match(member.filename):
            return Problem(EMBEDDED, member.filename)
    with archive:
        kept = _inflate(archive, members, _Budget(MAX_UNPACKED_BYTES))
    return kept if isinstance(kept, Problem) else None


# --- Text ---

SINGLE_BYTE_ENCODINGS = {
    "windows-1252": "cp1252",
    "cp1252": "cp1252",
    "iso-8859-1": "cp1252",  # what every program that says Latin-1 means
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "iso-8859-15": "iso8859_15",
}
# Control characters other than tab, line feed, carriage return and form feed; DEL and C1.
CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def decode_text(data: bytes, declared: str | None = None) -> str | None:
    """The text these bytes spell: UTF-8 (with or without its byte-order mark), or the
    single-byte encoding the upload declared. None if they are not text."""
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        pass
    codec = SINGLE_BYTE_ENCODINGS.get((declared or "").strip().lower())
    if codec is None:
        return None
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def text_problem(data: bytes, text: str) -> Problem | None:
    """Whether text (its bytes and what they decode to) is only text."""
    for signature in LEADING_SIGNATURES:
        if data.startswith(signature):
            return Problem(FORMAT, f"starts with {signature!r}")
    for signature in FOREIGN_SIGNATURES:
        if signature in data:
            return Problem(FORMAT, f"carries {signature!r}")
    control = CONTROL.search(text)
    if control:
        return Problem(FORMAT, f"control character U+{ord(control.group()):04X}")
    return None
