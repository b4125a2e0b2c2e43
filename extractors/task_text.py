"""The text of a task: its first sentence, as the assignments of prose and tables both record it."""
from __future__ import annotations

import regex

# The end of a task's first sentence: ".", "!" or "?" before a capital (not "…", not "TP.").
SENTENCE_END = regex.compile(r"(?<=[^\s.])[.!?](?=\s+[\"“(]*\p{Lu})")
LONG_TASK = 300   # a first sentence running on for a whole paragraph is cut at its first ";"


def first_sentence(text: str) -> str:
    text = " ".join(text.split())
    end = SENTENCE_END.search(text)
    sentence = text[: end.start() + 1] if end else text
    if len(sentence) > LONG_TASK and ";" in sentence:
        sentence = sentence[: sentence.index(";")]
    return sentence.strip()
