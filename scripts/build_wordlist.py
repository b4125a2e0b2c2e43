"""Write pipeline/data/vietnamese_words.txt: the word list search cuts queries with.

    pip install underthesea==9.5.0 && python scripts/build_wordlist.py

The words are those of underthesea's word-segmentation dictionary (the CRF model
ws_crf_vlsp2013_20230727, trained on the VLSP 2013 corpus; underthesea is Apache-2.0,
https://github.com/undertheseanlp/underthesea). underthesea offers no public way to read
it, and baocao needs only the words, so they are shipped as a text file: nothing reads a
private path inside another package at run time, and underthesea (with huggingface_hub)
is not installed for them. Run by a developer when the list should change, not at build time.
"""
from __future__ import annotations

import importlib.metadata
import pickle
import unicodedata
from pathlib import Path

import underthesea

OUT = Path(__file__).resolve().parent.parent / "pipeline" / "data" / "vietnamese_words.txt"
MODEL = "ws_crf_vlsp2013_20230727"


def main() -> None:
    path = Path(underthesea.__file__).parent / "pipeline" / "word_tokenize" / "models" / MODEL / "dictionary.bin"
    with open(path, "rb") as f:
        words = pickle.load(f)     # a set of str, written by underthesea's own trainer
    words = sorted({unicodedata.normalize("NFC", " ".join(w.lower().split())) for w in words if w.strip()})
    version = importlib.metadata.version("underthesea")
    header = (f"# Vietnamese words, one per line (lower case, NFC): the dictionary of underthesea {version}'s\n"
              f"# word segmentation model {MODEL} (VLSP 2013). underthesea: Apache-2.0,\n"
              "# https://github.com/undertheseanlp/underthesea. Rebuilt by scripts/build_wordlist.py.\n")
    OUT.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(words)} words")


if __name__ == "__main__":
    main()
