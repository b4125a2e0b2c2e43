"""Small Word files written XML part by XML part, for the layouts real offices produce and
python-docx cannot write: footnotes, endnotes, text boxes, list numbering, borderless layout tables.

`make_docx(path, body)` takes the body as WordprocessingML (helpers below build the usual pieces).
"""
from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = (f'xmlns:w="{W_NS}" '
              'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
              'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
              'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
              'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
              'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
              'xmlns:v="urn:schemas-microsoft-com:vml" '
              'mc:Ignorable="wps"')
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PARTS = {   # part name -> (relationship type, content type)
    "footnotes": ("footnotes", "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"),
    "endnotes": ("endnotes", "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"),
    "numbering": ("numbering", "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"),
    "styles": ("styles", "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"),
}


def run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def p(*content: str, props: str = "") -> str:
    """A paragraph of runs; plain strings become runs."""
    inner = "".join(c if c.startswith("<") else run(c) for c in content)
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{inner}</w:p>"


def numbered(text: str, num_id: int, level: int = 0) -> str:
    return p(text, props=f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')


def footnote_mark(note_id: int) -> str:
    return f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="{note_id}"/></w:r>'


def endnote_mark(note_id: int) -> str:
    return f'<w:r><w:endnoteReference w:id="{note_id}"/></w:r>'


def notes_xml(kind: str, notes: dict[int, list[str]]) -> str:
    """footnotes.xml / endnotes.xml: the two separator notes Word always writes, then each note."""
    ref = f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:{kind}Ref/></w:r>'
    body = [f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}>',
            f'<w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:{kind}>']
    for note_id, paragraphs in notes.items():
        paras = [p(ref, " " + paragraphs[0])] + [p(text) for text in paragraphs[1:]]
        body.append(f'<w:{kind} w:id="{note_id}">{"".join(paras)}</w:{kind}>')
    return f'<w:{kind}s {NAMESPACES}>{"".join(body)}</w:{kind}s>'


def text_box(*paragraphs: str) -> str:
    """A floating text box as Word writes it: DrawingML, with a VML copy as the fallback."""
    content = "<w:txbxContent>" + "".join(p(text) for text in paragraphs) + "</w:txbxContent>"
    return ('<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic>'
            '<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
            f'<wps:wsp><wps:txbx>{content}</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor>'
            f'</w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>{content}</v:textbox>'
            '</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>')


def table(rows: list[list[list[str] | str]], borders: bool) -> str:
    """A table; a cell is a string or a list of paragraph texts."""
    value = "single" if borders else "nil"
    edges = "".join(f'<w:{edge} w:val="{value}" w:sz="4"/>' for edge in ("top", "left", "bottom", "right", "insideH", "insideV"))
    xml_rows = []
    for row in rows:
        cells = []
        for cell in row:
            texts = [cell] if isinstance(cell, str) else cell
            cells.append("<w:tc>" + "".join(p(text) for text in texts) + "</w:tc>")
        xml_rows.append("<w:tr>" + "".join(cells) + "</w:tr>")
    return f'<w:tbl><w:tblPr><w:tblBorders>{edges}</w:tblBorders></w:tblPr>{"".join(xml_rows)}</w:tbl>'


def numbering_xml(levels: dict[int, list[tuple[str, str]]], nums: dict[int, int],
                  start_overrides: dict[int, int] | None = None) -> str:
    """numbering.xml: abstract list id -> [(numFmt, lvlText) per level]; num id -> abstract id;
    num id -> a start override of level 0."""
    abstracts = []
    for abstract_id, formats in levels.items():
        lvls = "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                       f'<w:lvlText w:val="{escape(text)}"/></w:lvl>' for i, (fmt, text) in enumerate(formats))
        abstracts.append(f'<w:abstractNum w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>')
    instances = []
    for num_id, abstract_id in nums.items():
        override = ""
        if start_overrides and num_id in start_overrides:
            override = f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start_overrides[num_id]}"/></w:lvlOverride>'
        instances.append(f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>')
    return f'<w:numbering {NAMESPACES}>{"".join(abstracts)}{"".join(instances)}</w:numbering>'


def styles_xml(numbered_styles: dict[str, tuple[int, int]]) -> str:
    """styles.xml with paragraph styles numbered through their style: id -> (num id, level)."""
    styles = "".join(
        f'<w:style w:type="paragraph" w:styleId="{sid}"><w:name w:val="{sid}"/><w:pPr><w:numPr>'
        f'<w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr></w:style>'
        for sid, (num_id, level) in numbered_styles.items())
    return (f'<w:styles {NAMESPACES}><w:style w:type="paragraph" w:default="1" w:styleId="Normal">'
            f'<w:name w:val="Normal"/></w:style>{styles}</w:styles>')


def make_docx(path: Path, body: str, **parts: str) -> Path:
    """A .docx whose body is `body`; `parts` adds footnotes=, endnotes=, numbering=, styles= XML."""
    overrides = ['<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                 'officedocument.wordprocessingml.document.main+xml"/>']
    rels = []
    for i, (name, xml) in enumerate(parts.items(), start=1):
        reltype, content_type = _PARTS[name]
        overrides.append(f'<Override PartName="/word/{name}.xml" ContentType="{content_type}"/>')
        rels.append(f'<Relationship Id="rId{i}" Type="{_REL}/{reltype}" Target="{name}.xml"/>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml",
                   '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>' + "".join(overrides) + "</Types>")
        z.writestr("_rels/.rels",
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="word/document.xml"/></Relationships>')
        z.writestr("word/_rels/document.xml.rels",
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   + "".join(rels) + "</Relationships>")
        z.writestr("word/document.xml", f"<w:document {NAMESPACES}><w:body>{body}<w:sectPr/></w:body></w:document>")
        for name, xml in parts.items():
            z.writestr(f"word/{name}.xml", xml)
    return path
