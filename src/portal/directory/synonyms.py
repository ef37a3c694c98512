"""From what a person typed to categories and search words.

"I feel lonely" finds befriending and social groups; "money" finds debt and benefits advice;
"trist" (Welsh) and "اداس" (Urdu) find mental wellbeing. Words that name no category are
searched for in the listings' text."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from flask_babel import get_locale

from portal.directory.categories import Vocabulary, current_categories, split_synonyms

WORD = re.compile(r"\w+", re.UNICODE)
MAX_WORDS = 12
# Words that carry no meaning for a search, in the languages people type here.
STOP_WORDS = frozenset(
    WORD.findall(
        "i im me my a an the and or for to of in on at with about some any near feel feeling want need looking "
        "help find group groups club service services support something somewhere please local am is are be get "
        "can who what where how this that it people someone"
        # Welsh and Urdu small words
        " y yr ac o ar am yn mae fy میں مجھے کے کی کا ہے ہوں اور"
    )
)


@dataclass(frozen=True)
class Understood:
    categories: tuple[str, ...]  # matched through synonyms
    words: tuple[str, ...]  # left to search the text for


def words_in(typed: str) -> list[str]:
    folded = unicodedata.normalize("NFKC", typed).casefold().replace("'s", "s").replace("\u2019s", "s")
    return WORD.findall(folded)[:MAX_WORDS]


def stem(word: str) -> str:
    """Light English stemming, enough for prefix search: walking -> walk, choirs -> choir."""
    if len(word) > 5 and word.endswith("ing"):
        return word[:-3]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _phrases(vocabulary: Vocabulary, locale: str) -> list[tuple[str, tuple[str, ...]]]:
    """(category code, stemmed words of one synonym) for English and the given language, for
    the categories people can choose; worked out once per version of the categories."""

    def build() -> list[tuple[str, tuple[str, ...]]]:
        phrases: set[tuple[str, tuple[str, ...]]] = set()
        for language in {"en", locale}:
            for term in vocabulary.active:
                for synonym in split_synonyms(vocabulary.synonyms(term.code, language)):
                    words = tuple(stem(word) for word in words_in(synonym) if word not in STOP_WORDS)
                    if words:
                        phrases.add((term.code, words))
        return sorted(phrases)

    return vocabulary.memo(("phrases", locale), build)


def _contains(haystack: list[str], needle: tuple[str, ...]) -> list[int]:
    for start in range(len(haystack) - len(needle) + 1):
        if tuple(haystack[start : start + len(needle)]) == needle:
            return list(range(start, start + len(needle)))
    return []


def understand(typed: str, vocabulary: Vocabulary | None = None) -> Understood:
    locale = str(get_locale() or "en")
    vocabulary = vocabulary or current_categories()
    words = [word for word in words_in(typed) if word not in STOP_WORDS]
    stems = [stem(word) for word in words]
    categories: list[str] = []
    used: set[int] = set()
    for code, phrase in _phrases(vocabulary, locale):
        positions = _contains(stems, phrase)
        if positions:
            used.update(positions)
            if code not in categories:
                categories.append(code)
    left = tuple(stem(word) for index, word in enumerate(words) if index not in used)
    return Understood(tuple(categories), left)
