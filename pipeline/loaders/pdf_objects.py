"""A page's characters and drawn paths as pdfplumber describes them (`page.objects`), for its
table finder and text lines, built without pdfplumber's own conversion.

pdfplumber builds them from pdfminer, which parses the page's content stream in Python: on a
page with a ruled table that took ~190 ms, 80% of a Word-exported PDF's reading time, while the
rest of the file is read by PDFium in ~3 ms a page. Two builders, giving the same objects:

- `pdfium_objects` reads them from PDFium (already open for the fast path), ~20x faster. It
  reproduces pdfminer's formulas (a character's box: its origin, advance and the font's descent,
  one font size high; a path: its subpaths, a single segment a "line", a closed axis-aligned
  quadrilateral a "rect", anything else a "curve" through its points) and gives up (None) on
  what it does not follow the same way: a rotated page or character, a page not at the origin,
  form XObjects, Type 3 fonts.
- `pdfminer_objects` takes them from pdfminer's layout, keeping only the geometry, text and
  font the table finder and the text lines read (pdfplumber converts every attribute of every
  object generically, which took as long as pdfminer's reading itself).

PDFium keeps coordinates in single precision: its values are rounded to COORDINATE_DECIMALS so
that "84.85" in the file is 84.85, as pdfminer reads it (pdfplumber's tolerances are points).
"""
from __future__ import annotations

import ctypes
import functools

COORDINATE_DECIMALS = 4
# PDFium leaves out a space glyph kerned into the next word, or one ending a text object (pdfminer
# keeps them), and infers spaces where there is no glyph: its spaces are not pdfminer's. They
# matter only where pdfplumber would not part two words anyway (3 points apart or less): a gap
# this wide (points) between two text objects, or where PDFium inferred a space, may hold a space
# of one and not of the other, and the page is left to pdfminer.
HIDDEN_SPACE = (0.8, 3.01)


def _geometry(plumber_page, x0: float, y0: float, x1: float, y1: float) -> dict:
    """pdfplumber's geometry keys of a box given in PDF space (pdfplumber.page.Page.process_object)."""
    height, doctop = plumber_page.height, plumber_page.initial_doctop
    mb_x0, mb_top = plumber_page.mediabox[:2]
    top = (height - y1) + mb_top
    return {"x0": x0 + mb_x0 if mb_x0 else x0, "x1": x1 + mb_x0 if mb_x0 else x1, "y0": y0, "y1": y1,
            "width": x1 - x0, "height": y1 - y0,
            "top": top, "bottom": (height - y0) + mb_top, "doctop": doctop + top,
            "page_number": plumber_page.page_number}


# ------------------------------------------------------------------ pdfminer

def pdfminer_objects(plumber_page) -> dict[str, list[dict]]:
    """The objects from pdfminer's layout of the page, computed with pdfplumber's own formulas."""
    from pdfminer.layout import LTChar, LTContainer, LTCurve

    objects: dict[str, list[dict]] = {"char": [], "line": [], "rect": [], "curve": []}

    def geometry(obj) -> dict:
        box = _geometry(plumber_page, obj.x0, obj.y0, obj.x1, obj.y1)
        box["width"], box["height"] = obj.width, obj.height
        return box

    def walk(items) -> None:
        for obj in items:
            if isinstance(obj, LTContainer):
                walk(obj._objs)
            elif isinstance(obj, LTChar):
                fontname = obj.fontname
                if isinstance(fontname, bytes):   # as pdfplumber mends (rare) byte-encoded names
                    from pdfplumber.page import fix_fontname_bytes
                    fontname = fix_fontname_bytes(fontname)
                objects["char"].append({**geometry(obj), "object_type": "char", "text": obj.get_text(),
                                        "fontname": fontname, "size": obj.size, "adv": obj.adv,
                                        "upright": obj.upright, "matrix": obj.matrix})
            elif isinstance(obj, LTCurve):      # LTLine and LTRect are curves too
                kind = type(obj).__name__[2:].lower()
                objects.setdefault(kind, []).append({
                    **geometry(obj), "object_type": kind, "linewidth": obj.linewidth,
                    "stroke": obj.stroke, "fill": obj.fill, "evenodd": obj.evenodd,
                    "pts": [plumber_page.point2coord(pt) for pt in obj.pts]})

    walk(plumber_page.layout._objs)
    return objects


# ------------------------------------------------------------------ PDFium

class _NotFollowed(Exception):
    """The page holds something pdfminer would read differently from this reading of PDFium."""


def pdfium_objects(pdfium_page, plumber_page, fonts: dict | None = None,
                   textpage=None) -> dict[str, list[dict]] | None:
    """The objects read from PDFium, or None where this reading is not known to agree with
    pdfminer's (the caller then asks pdfminer). `fonts`: a cache of the document's declared fonts
    (`_declared_fonts`), shared by its pages; `textpage`: the page's text page, if open already."""
    import pypdfium2.raw as pdfium_c

    raw = pdfium_page.raw
    if pdfium_c.FPDFPage_GetRotation(raw) != 0 or tuple(plumber_page.mediabox[:2]) != (0, 0) \
            or tuple(plumber_page.bbox) != tuple(plumber_page.mediabox):
        return None
    objects: dict[str, list[dict]] = {"char": [], "line": [], "rect": [], "curve": []}
    text_objects: dict[int, tuple[float, float, float, float]] = {}    # address -> bounds
    try:
        for address, kind in page_objects(pdfium_page, max_depth=1):
            if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                return None        # (its content's matrices compose: left to pdfminer)
            if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                _add_paths(ctypes.cast(address, pdfium_c.FPDF_PAGEOBJECT), plumber_page, objects)
            elif kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
                text_objects[address] = object_bounds(address)
        objects["char"] = _chars(pdfium_page, plumber_page, text_objects, {} if fonts is None else fonts, textpage)
    except _NotFollowed:
        return None
    return objects


def page_objects(page, max_depth: int):
    """(address, type) of each object of the page, as `page.get_objects(max_depth=max_depth)`
    walks them (into form objects `max_depth` - 1 levels deep), by PDFium's calls by address:
    pypdfium2 wraps every object of the page, text included, in a Python object."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    c_void_p, c_int = ctypes.c_void_p, ctypes.c_int
    count_objects = by_address("FPDFPage_CountObjects", c_int, c_void_p)
    get_object = by_address("FPDFPage_GetObject", c_void_p, c_void_p, c_int)
    count_form_objects = by_address("FPDFFormObj_CountObjects", c_int, c_void_p)
    get_form_object = by_address("FPDFFormObj_GetObject", c_void_p, c_void_p, ctypes.c_ulong)
    type_of = by_address("FPDFPageObj_GetType", c_int, c_void_p)

    def walk(parent: int, form: bool, level: int):
        count = (count_form_objects if form else count_objects)(parent)
        if count < 0:
            raise pdfium.PdfiumError("Failed to get number of pageobjects.")
        for index in range(count):
            obj = (get_form_object if form else get_object)(parent, index)
            if not obj:
                raise pdfium.PdfiumError("Failed to get pageobject.")
            kind = type_of(obj)
            yield obj, kind
            if kind == pdfium_c.FPDF_PAGEOBJ_FORM and level < max_depth - 1:
                yield from walk(obj, True, level + 1)

    return walk(ctypes.cast(page.raw, c_void_p).value, False, 0)


def object_bounds(address: int) -> tuple[float, float, float, float]:
    """`get_bounds()` of the page object at `address`: (left, bottom, right, top)."""
    import pypdfium2 as pdfium

    box = (ctypes.c_float * 4)()
    corner = ctypes.addressof(box)
    step = ctypes.sizeof(ctypes.c_float)
    if not by_address("FPDFPageObj_GetBounds", ctypes.c_int, *[ctypes.c_void_p] * 5)(
            address, corner, corner + step, corner + 2 * step, corner + 3 * step):
        raise pdfium.PdfiumError("Failed to locate pageobject.")
    return tuple(box)


def _round(value: float) -> float:
    return round(value, COORDINATE_DECIMALS)


@functools.cache
def by_address(name: str, restype, *argtypes):
    """The PDFium function `name`, called with and returning plain addresses: `FPDFText_GetTextObject`
    gives a key for the character's text object without a ctypes pointer object per character, and
    a call made per character costs half as much without ctypes' conversion of its arguments."""
    import pypdfium2.raw as pdfium_c

    return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(getattr(pdfium_c, name), ctypes.c_void_p).value)


def _chars(pdfium_page, plumber_page, text_objects: dict[int, tuple], font_cache: dict,
           textpage=None) -> list[dict]:
    """Each character PDFium read from the page's content (not the spaces and line breaks it
    inferred), boxed as pdfminer boxes it: from its origin, one advance wide, from the font's
    descent (as the file declares it, pdfminer's `get_descent`) one font size high.

    Every character each of the page's `text_objects` (address -> bounds) draws must be read
    once, or nothing is, but for spaces: those PDFium leaves out end a line or stand between
    words set apart (pdfplumber parts words more than 3 points apart with or without one), and
    a text object it leaves out altogether must be a space, not the copy of another (a fake
    bold drawn twice)."""
    import pypdfium2.raw as pdfium_c

    text_object_of = by_address("FPDFText_GetTextObject", ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)
    font_of = by_address("FPDFTextObj_GetFont", ctypes.c_void_p, ctypes.c_void_p)
    origin_of = by_address("FPDFText_GetCharOrigin", ctypes.c_int, ctypes.c_void_p, ctypes.c_int,
                            ctypes.c_void_p, ctypes.c_void_p)
    is_generated = by_address("FPDFText_IsGenerated", ctypes.c_int, ctypes.c_void_p, ctypes.c_int)
    declared = _declared_fonts(plumber_page, font_cache)
    height, doctop, page_number = plumber_page.height, plumber_page.initial_doctop, plumber_page.page_number
    own = textpage is None
    if own:
        textpage = pdfium_page.get_textpage()
    chars: list[dict] = []
    try:
        raw = textpage.raw
        address = ctypes.cast(raw, ctypes.c_void_p).value
        text = textpage.get_text_range()
        # text object -> (font name, descent, size, font, its advances at that size, the characters read from it)
        objects: dict[int, tuple] = {}
        fonts: dict[int, tuple[str, float]] = {}                  # font -> (name, descent)
        widths: dict[tuple[int, float], dict[str, float]] = {}    # (font, size) -> character -> advance
        matrix = pdfium_c.FS_MATRIX()
        x, y, width = ctypes.c_double(), ctypes.c_double(), ctypes.c_float()
        x_address, y_address = ctypes.addressof(x), ctypes.addressof(y)
        read: dict[int, list[str]] = {}   # text object -> the characters read from it
        previous = None                   # the text object of the last character read
        inferred_space = False            # PDFium inferred a space since the last character read
        last = None                       # the last character's dict
        line = None                       # (y as PDFium gives it, text object) of the last character, and
        vertical = ()                     # what follows from them: baseline, y0, y1, top, bottom, doctop
        for index, char in enumerate(text):
            if char in " \r\n" and is_generated(address, index):
                inferred_space = inferred_space or char == " "
                continue               # a space or line break PDFium inferred: no glyph on the page
            if char < " " or "\ud800" <= char <= "\udfff":
                raise _NotFollowed     # (a character outside the BMP comes as two halves; no text)
            text_object = text_object_of(address, index)
            known = objects.get(text_object)
            if known is None:
                pdfium_c.FPDFText_GetMatrix(raw, index, matrix)
                if (matrix.a, matrix.b, matrix.c, matrix.d) != (1, 0, 0, 1):
                    raise _NotFollowed     # scaled, rotated or skewed type
                font_address = font_of(text_object)
                font = ctypes.cast(font_address, pdfium_c.FPDF_FONT)
                if font_address not in fonts:
                    fonts[font_address] = _font(font, declared)
                size = pdfium_c.FPDFText_GetFontSize(raw, index)
                known = objects[text_object] = (*fonts[font_address], size, font,
                                                widths.setdefault((font_address, size), {}), read.setdefault(text_object, []))
            name, descent, size, font, advances, chars_read = known
            chars_read.append(char)
            advance = advances.get(char)
            if advance is None:
                if not pdfium_c.FPDFFont_GetGlyphWidth(font, ord(char), ctypes.c_float(size), width):
                    raise _NotFollowed
                advance = advances[char] = round(width.value, COORDINATE_DECIMALS)
            origin_of(address, index, x_address, y_address)
            x0 = round(x.value, COORDINATE_DECIMALS)
            if line != (y.value, text_object):     # (most characters: the last one's line and object)
                line = (y.value, text_object)
                baseline = round(y.value, COORDINATE_DECIMALS)
                y0 = baseline + descent * size
                y1 = y0 + size
                top = height - y1
                vertical = (baseline, y0, y1, top, height - y0, doctop + top)
            baseline, y0, y1, top, bottom, char_doctop = vertical
            if last is not None:
                if previous == text_object and last["x0"] == x0:
                    raise _NotFollowed     # a ligature ("ffi"): one glyph, one character to pdfminer
                if (previous != text_object or inferred_space) and " " != char and " " != last["text"] \
                        and last["matrix"][5] == baseline and HIDDEN_SPACE[0] < x0 - last["x1"] <= HIDDEN_SPACE[1]:
                    raise _NotFollowed     # a gap where PDFium may have left out (or made up) a space
            previous, inferred_space = text_object, False
            x1 = x0 + advance
            last = {"x0": x0, "x1": x1, "y0": y0, "y1": y1, "width": x1 - x0, "height": y1 - y0,
                    "top": top, "bottom": bottom, "doctop": char_doctop, "page_number": page_number,
                    "object_type": "char", "text": "-" if char == "\ufffe" else char,   # U+FFFE: a hyphen ending a line
                    "fontname": name, "size": size, "adv": x1 - x0, "upright": True,
                    "matrix": (1, 0, 0, 1, x0, baseline)}
            chars.append(last)
        if any("".join(chars_read).replace(" ", "") != _object_text(text_object, address).replace(" ", "")
               for text_object, chars_read in read.items()) \
                or _copies([bounds for text_object, bounds in text_objects.items() if text_object not in read],
                           [bounds for text_object, bounds in text_objects.items() if text_object in read]):
            raise _NotFollowed         # characters PDFium merged, split or dropped
    finally:
        if own:
            textpage.close()
    return chars


def _copies(left_out: list[tuple], read: list[tuple]) -> bool:
    """Whether a text object PDFium left out stands where one it read stands (within a point):
    drawn twice to look bold, a glyph and not a space."""
    if not left_out:
        return False
    near: dict[tuple[int, int], list[tuple]] = {}
    for bounds in read:
        near.setdefault((round(bounds[0]), round(bounds[1])), []).append(bounds)
    return any(all(abs(a - b) <= 1.0 for a, b in zip(bounds, other))
               for bounds in left_out
               for dx in (-1, 0, 1) for dy in (-1, 0, 1)
               for other in near.get((round(bounds[0]) + dx, round(bounds[1]) + dy), ()))


def _object_text(text_object: int, textpage: int) -> str:
    """The characters a text object draws (with the spaces PDFium's text leaves out); the object
    and its text page by address."""
    get_text = by_address("FPDFTextObj_GetText", ctypes.c_ulong, ctypes.c_void_p, ctypes.c_void_p,
                          ctypes.c_void_p, ctypes.c_ulong)
    length = get_text(text_object, textpage, None, 0)
    buffer = ctypes.create_string_buffer(length)
    get_text(text_object, textpage, ctypes.addressof(buffer), length)
    return buffer.raw[:length].decode("utf-16-le").rstrip("\x00")


def _unsubset(name: str) -> str:
    """A font's name without the subset tag ("BAAAAA+LiberationSerif" -> "LiberationSerif")."""
    tag, plus, rest = name.partition("+")
    return rest if plus and len(tag) == 6 and tag.isupper() else name


def _declared_fonts(plumber_page, cache: dict) -> dict[str, set[tuple[str, float]]]:
    """The page's fonts as its resources declare them: name without subset tag -> {(name as
    pdfminer gives it, descent per unit of size as pdfminer reads it)}. `cache`: each font
    object read once per document (pages share them)."""
    from pdfminer.pdftypes import PDFObjRef, resolve1

    declared: dict[str, set[tuple[str, float]]] = {}
    resources = resolve1(plumber_page.page_obj.resources) or {}
    for reference in (resolve1(resources.get("Font")) or {}).values():
        key = reference.objid if isinstance(reference, PDFObjRef) else None
        font = cache.get(key) if key is not None else None
        if font is None:
            font = _declared_font(resolve1(reference))
            if key is not None:
                cache[key] = font
        name, descent = font
        declared.setdefault(_unsubset(name), set()).add((name, descent))
    return declared


def _declared_font(spec) -> tuple[str, float]:
    """(name, descent per unit of size) of a font dictionary, as pdfminer reads them (PDFFont)."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import PSLiteral

    def name_of(value) -> str:
        value = resolve1(value)
        return value.name if isinstance(value, PSLiteral) else str(value)

    subtype = name_of(spec.get("Subtype"))
    if subtype == "Type3":
        raise _NotFollowed         # (its glyphs are drawings with a matrix of their own)
    if subtype == "Type0":
        spec = resolve1(resolve1(spec.get("DescendantFonts"))[0])
    descriptor = resolve1(spec.get("FontDescriptor")) or {}
    return name_of(spec.get("BaseFont")), -abs(float(resolve1(descriptor.get("Descent", 0)) or 0)) / 1000


def _font(font, declared: dict[str, set[tuple[str, float]]]) -> tuple[str, float]:
    """(name, descent per unit of size) of the font PDFium draws a character with, from the page's
    declared fonts; not followed when its name fits none, or several that differ."""
    import pypdfium2.raw as pdfium_c

    if not font:
        raise _NotFollowed
    length = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
    buffer = ctypes.create_string_buffer(length)
    pdfium_c.FPDFFont_GetBaseFontName(font, buffer, length)
    fits = declared.get(_unsubset(buffer.value.decode("latin-1")), set())
    if len(fits) != 1:
        raise _NotFollowed
    return next(iter(fits))


def _add_paths(path, plumber_page, objects: dict[str, list[dict]]) -> None:
    """A painted path object as pdfminer's converter adds it (PDFLayoutAnalyzer.paint_path):
    each subpath on its own."""
    import pypdfium2.raw as pdfium_c

    fill_mode, stroke = ctypes.c_int(), ctypes.c_int()
    pdfium_c.FPDFPath_GetDrawMode(path, fill_mode, stroke)
    fill, stroke = fill_mode.value != pdfium_c.FPDF_FILLMODE_NONE, bool(stroke.value)
    if not fill and not stroke:
        return                       # (a path painted with "n" reaches no pdfminer device)
    evenodd = fill_mode.value == pdfium_c.FPDF_FILLMODE_ALTERNATE
    width = ctypes.c_float()
    pdfium_c.FPDFPageObj_GetStrokeWidth(path, width)
    linewidth = _round(width.value)
    matrix = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFPageObj_GetMatrix(path, matrix)
    a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
    x, y = ctypes.c_float(), ctypes.c_float()
    subpaths: list[tuple[str, list[tuple[float, float]]]] = []
    shape, points, curve_points = "", [], 0
    for index in range(pdfium_c.FPDFPath_CountSegments(path)):
        segment = pdfium_c.FPDFPath_GetPathSegment(path, index)
        kind = pdfium_c.FPDFPathSegment_GetType(segment)
        pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
        point = (_round(a * x.value + c * y.value + e), _round(b * x.value + d * y.value + f))
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            if shape:
                subpaths.append((shape, points))
            shape, points = "m", [point]
        elif kind == pdfium_c.FPDF_SEGMENT_LINETO:
            shape, points = shape + "l", points + [point]
        elif kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            curve_points += 1          # a Bézier curve is three points; pdfminer keeps its end point
            if curve_points % 3 == 0:
                shape, points = shape + "c", points + [point]
        else:
            raise _NotFollowed
        if not shape:
            raise _NotFollowed         # a path must open with a move
        if pdfium_c.FPDFPathSegment_GetClose(segment):
            shape, points = shape + "h", points + [points[0]]
    if shape:
        subpaths.append((shape, points))
    if curve_points % 3:
        raise _NotFollowed
    for shape, points in subpaths:
        _add_subpath(shape, points, linewidth, stroke, fill, evenodd, plumber_page, objects)


def _add_subpath(shape: str, pts: list[tuple[float, float]], linewidth: float, stroke: bool, fill: bool,
                 evenodd: bool, plumber_page, objects: dict[str, list[dict]]) -> None:
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape, pts = shape[:-2] + "h", pts[:-2] + pts[-1:]     # a redundant "l" before "h"
    kind = "curve"
    if shape in ("mlh", "ml"):
        kind, pts = "line", pts[:2]
    elif shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        if pts[0] == pts[4] and (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0
                                 or y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0):
            kind, pts = "rect", [(x0, y0), (x2, y0), (x2, y2), (x0, y2)]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    box = _geometry(plumber_page, min(xs), min(ys), max(xs), max(ys))
    objects[kind].append({**box, "object_type": kind, "linewidth": linewidth, "stroke": stroke, "fill": fill,
                          "evenodd": evenodd, "pts": [plumber_page.point2coord(pt) for pt in pts]})
