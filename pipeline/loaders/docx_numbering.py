"""Word's automatic numbering (word/numbering.xml): the number Word draws before an auto-numbered
paragraph ("1.", "a)", "II.", "-"), from the paragraph's or its style's w:numPr."""
from __future__ import annotations

from dataclasses import dataclass, field

from .docx_xml import W, val

# Bullet characters kept as drawn; any other bullet glyph (Symbol/Wingdings private-use codes) is "•".
_PLAIN_BULLETS = set("-–—+*•")


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                           (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _letters(n: int) -> str:
    """Word's letter numbering: a … z, then aa … zz."""
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def format_number(n: int, fmt: str) -> str:
    """One level's counter as Word draws it for a w:numFmt value."""
    if fmt == "lowerLetter":
        return _letters(n)
    if fmt == "upperLetter":
        return _letters(n).upper()
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)       # decimal, and the national formats we do not draw


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    legal: bool = False     # w:isLgl: every level's number drawn in decimal


@dataclass
class _List:
    abstract: str
    start_overrides: dict[int, int] = field(default_factory=dict)
    used: bool = False


class Numbering:
    """The labels of auto-numbered paragraphs, in document order, from word/numbering.xml.

    Counters belong to the abstract list, so list instances that share it continue
    one another's numbering; an instance with a start override restarts that level.
    """

    def __init__(self, numbering_element, styles_element):
        # Word writes dozens of abstract lists of nine levels each; a document uses a few: their
        # levels are read when first used.
        self._abstracts: dict[str, object] = {}
        self._levels: dict[str, dict[int, _Level]] = {}
        self._lists: dict[str, _List] = {}
        self._counters: dict[str, dict[int, int]] = {}
        self._style_numbering: dict[str, tuple[str | None, str | None]] = {}
        if numbering_element is not None:
            for abstract in numbering_element.iterchildren(W + "abstractNum"):
                self._abstracts[abstract.get(W + "abstractNumId")] = abstract
            for num in numbering_element.iterchildren(W + "num"):
                overrides = {int(o.get(W + "ilvl", "0")): int(val(o, "startOverride"))
                             for o in num.iterchildren(W + "lvlOverride") if val(o, "startOverride") is not None}
                self._lists[num.get(W + "numId")] = _List(val(num, "abstractNumId"), overrides)
        if styles_element is not None:
            based_on: dict[str, str | None] = {}
            own: dict[str, tuple[str | None, str | None]] = {}
            for style in styles_element.iterchildren(W + "style"):
                sid = style.get(W + "styleId")
                based_on[sid] = val(style, "basedOn")
                num_pr = style.find(f"{W}pPr/{W}numPr")
                if num_pr is not None:
                    own[sid] = (val(num_pr, "numId"), val(num_pr, "ilvl"))
            for sid in based_on:
                chain, seen = sid, set()
                while chain and chain not in own and chain not in seen:
                    seen.add(chain)
                    chain = based_on.get(chain)
                if chain in own:
                    self._style_numbering[sid] = own[chain]

    def _levels_of(self, abstract_id: str | None) -> dict[int, _Level] | None:
        """The levels of an abstract list (None: no such list)."""
        if abstract_id not in self._levels:
            abstract = self._abstracts.get(abstract_id)
            if abstract is None:
                return None
            self._levels[abstract_id] = {
                int(level.get(W + "ilvl", "0")): _Level(
                    start=int(val(level, "start", "1") or 1),
                    fmt=val(level, "numFmt", "decimal") or "decimal",
                    text=val(level, "lvlText", "") or "",
                    legal=level.find(W + "isLgl") is not None)
                for level in abstract.iterchildren(W + "lvl")}
        return self._levels[abstract_id]

    def label(self, p) -> str | None:
        """The number or bullet Word draws before paragraph `p` (counting it), or None."""
        p_pr = p.find(W + "pPr")
        num_pr = p_pr.find(W + "numPr") if p_pr is not None else None
        num_id = ilvl = None
        if num_pr is not None:
            num_id, ilvl = val(num_pr, "numId"), val(num_pr, "ilvl")
        style = val(p_pr, "pStyle") if p_pr is not None else None
        if style in self._style_numbering:
            style_num, style_ilvl = self._style_numbering[style]
            num_id, ilvl = num_id or style_num, ilvl or style_ilvl
        instance = self._lists.get(num_id) if num_id and num_id != "0" else None
        levels = self._levels_of(instance.abstract) if instance else None
        if not levels:
            return None
        level_index = int(ilvl or 0)
        level = levels.get(level_index)
        if level is None:
            return None
        counters = self._counters.setdefault(instance.abstract, {})
        if not instance.used:
            instance.used = True
            for index, start in instance.start_overrides.items():
                counters[index] = start - 1
        counters[level_index] = counters.get(level_index, levels[level_index].start - 1) + 1
        for deeper in [i for i in counters if i > level_index]:
            del counters[deeper]          # a deeper level starts again under the next item
        if level.fmt == "bullet":
            bullet = level.text.strip()
            return bullet if bullet in _PLAIN_BULLETS else "•"
        text = level.text
        for index in range(8, -1, -1):        # nine levels at most, so "%1" is never the start of "%10"
            if f"%{index + 1}" in text:
                other = levels.get(index, _Level())
                value = counters.get(index, other.start)
                fmt = "decimal" if level.legal and index < level_index else other.fmt
                text = text.replace(f"%{index + 1}", format_number(value, fmt))
        return text.strip() or None
