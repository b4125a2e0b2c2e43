"""The text of a task: its first sentence, as the assignments of prose and tables both record it."""
from __future__ import annotations

from .sentences import sentence_at

LONG_TASK = 300   # a first sentence running on for a whole paragraph is cut at its first ";"


def first_sentence(text: str) -> str:
    """The first sentence (extractors/sentences.py decides where it ends), cut at its first ";" when
    it runs on for LONG_TASK characters."""
    sentence = sentence_at(" ".join(text.split()), 0)
    if len(sentence) > LONG_TASK and ";" in sentence:
        sentence = sentence[: sentence.index(";")]
    return sentence.strip()
