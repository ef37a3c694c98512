"""The words of a directory search that its record may keep, for the Unmet need report's
"What people typed".

What people type can name a person ("help for my son Jamie"), give a phone number or a full
postcode, so a search record never keeps the text. It keeps only the words that are in a
vocabulary of our own making: the kinds of activity's names and synonyms in every language of
the site (as coordinators and translators wrote them), and the common activity and need words
people type, listed per language in `data/search-words.json`. Any other word is dropped where
it is read, and the search is only marked as having had "other words"; small words ("for",
"my") count as neither. At most `MAX_KEPT` words are kept, the first typed.

Typed words and the vocabulary are compared alike: Unicode NFKC, casefolded, apostrophes
dropped, punctuation read as spaces, and a simple English plural folded ("choirs", "classes",
"activities"). A phrase ("tai chi", "food bank") matches its words typed in a row, the longest
first. What is kept is the vocabulary's own wording ("men's shed" for "Mens sheds").
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from portal.directory.categories import Vocabulary, split_synonyms
from portal.directory.synonyms import STOP_WORDS
from portal.i18n import SHIPPED_LOCALES

MAX_KEPT = 3
MAX_TOKENS = 40  # the words box takes 200 characters
WORDS_FILE = Path(__file__).parent / "data" / "search-words.json"
APOSTROPHES = re.compile("['\u2019\u02bc]")
Phrase = tuple[str, ...]


def _mark_ranges() -> str:
    """Combining marks as a character class: Python's `\\w` leaves out the vowel signs of
    Gurmukhi, Gujarati and Bengali, which would break their words in pieces."""
    ranges: list[tuple[int, int]] = []
    for code in range(0x0300, 0x10000):
        if unicodedata.category(chr(code)).startswith("M"):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "".join(f"{chr(first)}-{chr(last)}" if last > first else chr(first) for first, last in ranges)


TOKEN = re.compile(f"[\\w{_mark_ranges()}]+")


def fold(word: str) -> str:
    """A simple English plural folded, the same for the vocabulary as for what is typed."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokens(text: str) -> list[str]:
    """The words of a text, casefolded, without apostrophes, punctuation or plural endings."""
    plain = APOSTROPHES.sub("", unicodedata.normalize("NFKC", text).casefold())
    return [fold(word) for word in TOKEN.findall(plain)[:MAX_TOKENS]]


SMALL_WORDS = frozenset(fold(word) for word in STOP_WORDS)


@dataclass(frozen=True)
class KeptWords:
    words: tuple[str, ...] = ()  # the vocabulary's wording, at most MAX_KEPT
    other: bool = False  # some other word was typed (and dropped)


@cache
def listed_words() -> tuple[str, ...]:
    """The curated words of every language, in the file's order."""
    by_locale: dict[str, list[str]] = json.loads(WORDS_FILE.read_text(encoding="utf-8"))
    return tuple(word for words in by_locale.values() for word in words)


def _category_words(vocabulary: Vocabulary) -> list[str]:
    """Every kind of activity's name (whole, and word by word) and synonyms, in every language
    of the site."""
    found: list[str] = []
    for locale in SHIPPED_LOCALES:
        for term in vocabulary.terms:
            label = vocabulary.label(term.code, locale).casefold()
            found += [label, *TOKEN.findall(APOSTROPHES.sub("", label))]
            found += [synonym.casefold() for synonym in split_synonyms(vocabulary.synonyms(term.code, locale))]
    return found


def _index(vocabulary: Vocabulary) -> dict[str, list[tuple[Phrase, str]]]:
    """First word -> (phrase, its wording), the longest phrases first; built once per version
    of the categories."""

    def build() -> dict[str, list[tuple[Phrase, str]]]:
        wording: dict[Phrase, str] = {}
        for entry in (*listed_words(), *_category_words(vocabulary)):
            phrase = tuple(tokens(entry))
            if phrase and phrase not in wording and not (len(phrase) == 1 and phrase[0] in SMALL_WORDS):
                wording[phrase] = " ".join(entry.split())
        index: dict[str, list[tuple[Phrase, str]]] = {}
        for phrase, words in wording.items():
            index.setdefault(phrase[0], []).append((phrase, words))
        for phrases in index.values():
            phrases.sort(key=lambda item: -len(item[0]))
        return index

    return vocabulary.memo(("search words",), build)


def _phrase_at(
    typed: list[str], position: int, index: dict[str, list[tuple[Phrase, str]]]
) -> tuple[Phrase, str] | None:
    for phrase, words in index.get(typed[position], ()):
        if tuple(typed[position : position + len(phrase)]) == phrase:
            return phrase, words
    return None


def kept_words(typed: str, vocabulary: Vocabulary) -> KeptWords:
    """The vocabulary words of what was typed (never anything else), and whether there was more."""
    typed_tokens = tokens(typed)
    index = _index(vocabulary) if typed_tokens else {}
    kept: list[str] = []
    other, position = False, 0
    while position < len(typed_tokens):
        match = _phrase_at(typed_tokens, position, index)
        if match is None:
            other = other or typed_tokens[position] not in SMALL_WORDS
            position += 1
            continue
        phrase, words = match
        if words not in kept:
            kept.append(words)
        position += len(phrase)
    return KeptWords(tuple(kept[:MAX_KEPT]), other)
