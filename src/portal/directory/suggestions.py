"""'Did you mean walking?': when typed words find nothing, the nearest known words instead,
from the categories' plain words (English and the page's language) and the listings' names."""

from __future__ import annotations

from difflib import get_close_matches
from time import monotonic

from sqlalchemy.orm import Session

from portal.directory.categories import Vocabulary, split_synonyms
from portal.directory.changes import generation
from portal.directory.queries import active_listing_names
from portal.directory.synonyms import STOP_WORDS, stem, words_in

NAME_LIMIT = 20_000
NAMES_KEPT_SECONDS = 600.0
MIN_LENGTH = 3
CUTOFF = 0.75

_names: dict[str, tuple[int, float, tuple[str, ...]]] = {}


def _usable(words: set[str]) -> tuple[str, ...]:
    return tuple(sorted(word for word in words if len(word) >= MIN_LENGTH and word not in STOP_WORDS))


def _plain_words(vocabulary: Vocabulary, locale: str) -> tuple[str, ...]:
    def build() -> tuple[str, ...]:
        words: set[str] = set()
        for language in {"en", locale}:
            for term in vocabulary.active:
                synonyms = split_synonyms(vocabulary.synonyms(term.code, language))
                for phrase in (*synonyms, vocabulary.label(term.code, language)):
                    words.update(words_in(phrase))
        return _usable(words)

    return vocabulary.memo(("plain_words", locale), build)


def _name_words(db: Session) -> tuple[str, ...]:
    """Words of the listings' names, read again once a listing changes in this process, or
    after `NAMES_KEPT_SECONDS` for changes made elsewhere: only a search that finds nothing asks."""
    key, changed = str(db.get_bind().engine.url), generation()
    kept = _names.get(key)
    if kept is None or kept[0] != changed or monotonic() - kept[1] > NAMES_KEPT_SECONDS:
        words = {word for name in active_listing_names(db, NAME_LIMIT) for word in words_in(name) if not word.isdigit()}
        kept = (changed, monotonic(), _usable(words))
        _names[key] = kept
    return kept[2]


def did_you_mean(db: Session, typed: str, vocabulary: Vocabulary, locale: str) -> str:
    """The typed words with each unknown one replaced by the closest known word, or "" when
    nothing would change."""
    known = (*_plain_words(vocabulary, locale), *_name_words(db))
    stems = {stem(word) for word in known}
    words = words_in(typed)
    corrected = [_closest(word, known, stems) for word in words]
    return " ".join(corrected) if corrected != words else ""


def _closest(word: str, known: tuple[str, ...], stems: set[str]) -> str:
    """A word we know (in any form: "walks" for "walk") stays as typed; so do short ones."""
    if stem(word) in stems or word in STOP_WORDS or len(word) < MIN_LENGTH or word.isdigit():
        return word
    found = get_close_matches(word, known, n=1, cutoff=CUTOFF)
    return found[0] if found else word
