"""What a `search_text` column holds: the row's text folded (tone marks removed, đ -> d, lower
case), so that "duc pho" finds "Đức Phổ" in the FTS5 indexes.

One definition for the writer (pipeline.store builds the column) and the search (pipeline.search
folds queries the same way); neither imports the other for it.
"""
from __future__ import annotations

from extractors.text import fold


def index_text(*parts: str | None, memo: dict[str, str] | None = None) -> str:
    """The folded text stored in `search_text` for the given columns.

    Each part is folded alone and the parts joined by a space: the same text as folding them
    joined, since fold goes character by character but for the final sigma, for which a space ends
    a word either way (and NFC first changes nothing: fold decomposes). `memo` (part -> folded)
    spares folding a part twice: the rows of one report share their sentences as context.
    """
    if memo is None:
        return " ".join(fold(p) for p in parts if p)
    folded = []
    for part in parts:
        if part:
            if (done := memo.get(part)) is None:
                done = memo[part] = fold(part)
            folded.append(done)
    return " ".join(folded)
