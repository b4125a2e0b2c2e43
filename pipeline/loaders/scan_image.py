"""A scanned page's image made ready for Tesseract: rendered, stamp ink dropped, dark margins
and unevenly lit paper evened out, levelled, ruled tables found and their rules painted out.

Ruled tables: the grid is found from the rules (`find_grids`), the rules are then
painted out (`erase_rules`, else Tesseract reads them as "|", "[", "—" glued to
the cells' words); loaders/ocr.py then puts each word in the cell under its centre.
"""
from __future__ import annotations

from dataclasses import dataclass

VERTICAL_RULE_INK = 0.8  # share of a table row's height a column rule inks
HORIZONTAL_RULE_INK = 0.5  # share of a table's width a row rule inks (text never comes near)
RULE_REACH = 4          # pixels a rule may stray past the grid's outer bounds (residual skew)
MAX_SKEW = 2.0          # degrees a page may be tilted on the scanner glass
RED_MIN = 120           # a stamp's red channel at least this bright ...
RED_MARGIN = 60         # ... and this far above green (red and purple stamps; blue handwriting is kept)
LIGHT_SAMPLE = 8        # the paper's brightness: the brightest pixel of each 8 x 8 block ...
PAPER_WINDOW = 7        # ... and of 7 x 7 such blocks (56 pixels: wider than a letter)
UNEVEN_LIGHT = 60       # grey levels between the dimmest and brightest paper above which light is evened out
DARK_MARGIN = 64        # a pixel darker than this at the image's edge may be a dark margin (paper in ...
                        # ... a shadow stays lighter: 80-95 on the shaded fixtures)
MARGIN_SHARE = 0.3      # ... when this share of one of its edges is that dark
MARGIN_SPILL = 4        # pixels whitened past a margin's end: the page edge's own shade


def drop_red_ink(image):
    """A colour page in grey, with red and purple ink (seals, "ĐẾN" mail stamps) turned to paper.

    A stamp over the signature or the title is read as stray letters glued to the
    text around it. Stamp ink is told from black and from the blue of handwritten
    numbers and signatures by its channels: a bright red channel well above green
    (red and purple inks; blue ink has little red).
    """
    import numpy as np
    from PIL import Image

    if image.mode not in ("RGB", "RGBA"):
        return image.convert("L")
    rgb = np.asarray(image.convert("RGB"))
    if not _red(rgb[::4, ::4].astype(np.int16)).any():     # a grey scan, or no stamp: skip the full pass
        return image.convert("L")
    stamp = _red(rgb.astype(np.int16))
    grey = np.asarray(image.convert("L")).copy()
    grey[stamp] = 255
    return Image.fromarray(grey)


def _red(rgb):
    """Pixels of stamp ink (red or purple) in an (int16) RGB array."""
    import numpy as np

    red, green = rgb[..., 0], rgb[..., 1]
    return (red > RED_MIN) & (red - green > RED_MARGIN)


def page_image(page, dpi: int):
    """A PDF page (pypdfium2) rendered for OCR: in colour when a scan on it is in colour, so that
    `drop_red_ink` can see the stamps; grey otherwise (a third of the pixels to render and convert)."""
    return page.render(scale=dpi / 72, grayscale=not _has_colour_image(page)).to_pil()


def _has_colour_image(page) -> bool:
    import pypdfium2.raw as pdfium_c

    grey = {pdfium_c.FPDF_COLORSPACE_DEVICEGRAY, pdfium_c.FPDF_COLORSPACE_CALGRAY}
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        metadata = obj.get_metadata()
        if metadata.bits_per_pixel > 1 and metadata.colorspace not in grey:
            return True
    return False


def enlarged(image, scale: float):
    """The page `scale` times larger (bicubic), for text printed too small to read whole."""
    from PIL import Image

    return image.resize((round(image.width * scale), round(image.height * scale)), Image.Resampling.BICUBIC)


def whiten_dark_margins(image):
    """A grey page scanned with dark margins around it (the lid left open, a page smaller than the
    glass) with those margins turned to paper; a page without them is returned as it is.

    Tesseract reads such a frame as the rules of one table holding the whole page, and the
    table reader then glues every line into one cell. A margin is the dark run that each row
    and column starts (or ends) with at the image's edge, as far as the first pixel of paper,
    and a few pixels more for the page edge's own shade.
    """
    import numpy as np
    from PIL import Image

    grey = np.asarray(image)
    dark = grey < DARK_MARGIN
    edges = (dark[:, 0], dark[:, -1], dark[0, :], dark[-1, :])
    if max(float(edge.mean()) for edge in edges) < MARGIN_SHARE:
        return image
    paper = grey.copy()
    for turned in (paper, paper[:, ::-1], paper.T, paper.T[:, ::-1]):     # from each edge in turn (views)
        ink = turned < DARK_MARGIN
        reach = np.where(ink.all(axis=1), ink.shape[1], ink.argmin(axis=1))   # the first paper pixel
        reach = np.where(reach > 0, reach + MARGIN_SPILL, 0)
        turned[np.arange(ink.shape[1])[None, :] < reach[:, None]] = 255
    return Image.fromarray(paper)


def even_out_light(image):
    """A grey page whose paper is unevenly lit (a shadow from the binding, a phone's photo, a faded
    edge) divided by the paper's own brightness, so that one threshold fits the whole page; a page
    lit evenly (nearly every scan) is returned as it is.

    The paper's brightness near a point is the brightest pixel around it (ink is darker than the
    paper beside it): the brightest of each 8 x 8 block, then of 7 x 7 blocks (56 pixels, wider
    than a letter), smoothed.
    """
    import numpy as np
    from PIL import Image, ImageFilter

    grey = np.asarray(image)
    rows, columns = grey.shape[0] // LIGHT_SAMPLE, grey.shape[1] // LIGHT_SAMPLE
    if not rows or not columns:
        return image
    # (down each block's columns first, then across: one axis at a time is 7 times quicker)
    blocks = grey[: rows * LIGHT_SAMPLE, : columns * LIGHT_SAMPLE].reshape(
        rows, LIGHT_SAMPLE, columns * LIGHT_SAMPLE).max(axis=1).reshape(rows, columns, LIGHT_SAMPLE).max(axis=2)
    paper = _sliding_max(_sliding_max(blocks, axis=0), axis=1)
    darkest, brightest = np.percentile(paper, (2, 98))
    if brightest - darkest < UNEVEN_LIGHT:
        return image
    field = Image.fromarray(np.maximum(paper, 1)).filter(ImageFilter.GaussianBlur(PAPER_WINDOW)).resize(
        image.size, Image.BILINEAR)
    levelled = grey.astype(np.float32)          # in place from here: a 600-dpi page is 35 M pixels
    levelled *= 255
    levelled /= np.maximum(np.asarray(field), 1)
    return Image.fromarray(np.minimum(levelled, 255, out=levelled).astype(np.uint8))


def _sliding_max(values, axis: int):
    """The largest value within PAPER_WINDOW along one axis, centred (edges padded with their own)."""
    import numpy as np

    reach = PAPER_WINDOW // 2
    padded = np.pad(values, [(reach, reach) if a == axis else (0, 0) for a in range(values.ndim)], mode="edge")
    return np.lib.stride_tricks.sliding_window_view(padded, PAPER_WINDOW, axis=axis).max(axis=-1)


def deskew(image):
    """Rotate a scanned page level: the angle (within MAX_SKEW) that gives the sharpest row profile."""
    import numpy as np
    from PIL import Image

    small = image.convert("L").reduce(4)
    ink = Image.fromarray(((np.asarray(small) < 160) * 255).astype(np.uint8))

    def sharpness(angle: float) -> float:
        profile = np.asarray(ink.rotate(angle, resample=Image.NEAREST), dtype=np.float32).sum(axis=1)
        return float(np.square(np.diff(profile)).sum())

    # Coarse to fine: half degrees, then tenths around the best.
    coarse = max((step / 2 for step in range(-int(MAX_SKEW * 2), int(MAX_SKEW * 2) + 1)), key=sharpness)
    best_angle = max((coarse + step / 10 for step in range(-4, 5)), key=sharpness)
    if not best_angle:
        return image
    return image.convert("L").rotate(best_angle, resample=Image.BICUBIC, fillcolor=255)


def _runs(mask) -> list[tuple[int, int]]:
    """(start, end) of each run of True in a 1-D mask."""
    import numpy as np

    padded = np.concatenate(([False], mask, [False]))
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    return list(zip(edges[::2], edges[1::2]))


@dataclass
class Grid:
    """A ruled table on the page image: row boundaries (y) and column boundaries (x)."""

    top: int
    bottom: int
    left: int
    right: int
    rows: list[int]
    columns: list[int]

    def cell_of(self, x: float, y: float) -> tuple[int, int] | None:
        if not (self.left <= x <= self.right and self.top <= y <= self.bottom):
            return None
        row = sum(1 for b in self.rows[1:-1] if y > b)
        column = sum(1 for b in self.columns[1:-1] if x > b)
        return row, column


def find_grids(image) -> list[Grid]:
    """Ruled tables: long horizontal rules joined by vertical rules that span them."""
    import numpy as np

    thick = _thick_ink(image)
    height, width = thick.shape

    # A horizontal rule: a run of ink a twelfth of the page wide.
    length = max(width // 12, 40)
    rules = [(a + b) // 2 for a, b in _runs(_inked_run(thick, length).any(axis=1))]

    def columns_between(y1: int, y2: int) -> list[int]:
        # Vertical rules: columns inked over nearly the whole band between two rules.
        band = thick[y1 + 3:y2 - 2, :]
        if band.shape[0] < 5:
            return []
        return [(a + b) // 2 for a, b in _runs(band.mean(axis=0) > VERTICAL_RULE_INK)]

    grids: list[Grid] = []
    group: list[int] = []
    columns: list[int] = []
    for y1, y2 in zip(rules, rules[1:] + [None]):
        between = columns_between(y1, y2) if y2 is not None else []
        if len(between) >= 2:
            group = group or [y1]
            group.append(y2)
            columns = sorted(set(columns) | set(between))
            continue
        if len(group) >= 2:
            # Rules a couple of pixels apart are one rule seen twice.
            merged = [x for i, x in enumerate(columns) if i == 0 or x - columns[i - 1] > 4]
            grids.append(Grid(group[0], group[-1], merged[0], merged[-1], group, merged))
        group, columns = [], []
    return grids


def _inked_run(ink, length: int):
    """Mask of the places where `length` pixels of ink in a row start (ink[:, x:x + length] all inked).

    By doubling: after k steps a place holds the ink of the 2**k pixels from it, and two
    such spans `length - 2**k` apart cover exactly `length`. A few passes over the page's
    bytes, a fifth of the cost of counting ink over a sliding window with a cumulative sum.
    """
    run, span = ink, 1
    while span * 2 <= length:
        run = run[:, :-span] & run[:, span:]
        span *= 2
    rest = length - span
    return run[:, :-rest] & run[:, rest:] if rest else run


def _thick_ink(image):
    """Ink of a page, thickened by a pixel each way: a one-pixel rule on a noisy scan has gaps and steps."""
    import numpy as np

    ink = np.asarray(image.convert("L")) < 128
    thick = ink.copy()
    thick[1:, :] |= ink[:-1, :]
    thick[:-1, :] |= ink[1:, :]
    thick[:, 1:] |= ink[:, :-1]
    thick[:, :-1] |= ink[:, 1:]
    return thick


def erase_rules(image, grids: list[Grid]):
    """The page with its tables' ruling lines painted white.

    Tesseract reads a rule beside or under a word as a glyph ("|", "l", "[", "_",
    "—", or a "1" glued to "120" making "1120"), and that debris lands in the
    cells ("1 l _|", "— Năm 2015", "300 II"). The rules are found by the same
    test as in `find_grids`: a horizontal rule is a pixel row inked over most of
    the table's width, a vertical one a pixel column inked over VERTICAL_RULE_INK
    of a row's height. Text is never that long in either direction.
    """
    import numpy as np
    from PIL import Image

    if not grids:
        return image
    pixels = np.asarray(image.convert("L")).copy()
    thick = _thick_ink(image)
    height, width = pixels.shape
    for grid in grids:
        top, bottom = max(grid.top - RULE_REACH, 0), min(grid.bottom + RULE_REACH + 1, height)
        left, right = max(grid.left - RULE_REACH, 0), min(grid.right + RULE_REACH + 1, width)
        across = thick[top:bottom, left:right].mean(axis=1) > HORIZONTAL_RULE_INK
        for y in np.flatnonzero(across) + top:
            pixels[max(y - 1, 0):y + 2, left:right] = 255
        for y1, y2 in zip(grid.rows, grid.rows[1:]):
            band = thick[y1:y2, left:right]
            for x in np.flatnonzero(band.mean(axis=0) > VERTICAL_RULE_INK) + left:
                pixels[y1:y2, max(x - 1, 0):x + 2] = 255
    return Image.fromarray(pixels)
