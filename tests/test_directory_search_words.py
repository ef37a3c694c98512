"""Of what people type in the directory's search, only words of our own vocabulary are kept for
the Unmet need report: the kinds of activity's names and synonyms in every language, and the
curated list. A name, a phone number or a postcode is never kept; the search is only marked as
having had other words."""

from __future__ import annotations

import json

import pytest

from portal.directory.categories import CategoryTerm, Vocabulary, current_categories
from portal.directory.search_words import MAX_KEPT, WORDS_FILE, KeptWords, kept_words, tokens
from portal.i18n import SHIPPED_LOCALES


@pytest.fixture
def vocabulary(app, db):
    with app.app_context():
        yield current_categories(db)


def kept(typed: str, vocabulary: Vocabulary) -> KeptWords:
    return kept_words(typed, vocabulary)


def test_typed_words_are_casefolded_without_punctuation_or_plural_endings():
    assert tokens("Choirs, YOGA & tai-chi; Men's sheds… activities") == [
        "choir", "yoga", "tai", "chi", "men", "shed", "activity",
    ]  # fmt: skip


def test_vocabulary_words_are_kept_in_the_vocabularys_own_wording(vocabulary):
    assert kept("Choirs, YOGA & tai-chi please", vocabulary) == KeptWords(("choir", "yoga", "tai chi"), False)
    assert kept("mens sheds", vocabulary).words == ("men's shed",)
    assert kept("English Classes", vocabulary).words == ("English classes",)
    assert kept("food banks", vocabulary).words == ("food bank",)


def test_a_name_a_phone_number_and_a_postcode_are_never_kept(vocabulary):
    assert kept("help for my son Jamie", vocabulary) == KeptWords((), True)
    assert kept("Jamie Smith 07700 900123 LS6 1AN walking", vocabulary) == KeptWords(("walking",), True)


def test_small_words_alone_are_not_other_words(vocabulary):
    assert kept("I need some help with something", vocabulary) == KeptWords((), False)


def test_at_most_three_words_are_kept_the_first_typed(vocabulary):
    found = kept("walking choir yoga football debt", vocabulary)
    assert len(found.words) == MAX_KEPT and found == KeptWords(("walking", "choir", "yoga"), False)


def test_the_kinds_of_activity_in_every_language_are_in_the_vocabulary(vocabulary):
    assert kept("someone to talk to", vocabulary).words == ("someone to talk to",)  # a shipped synonym
    assert kept("blokes", vocabulary).words == ("blokes",)
    assert kept("crwydro", vocabulary).words == ("crwydro",)  # Welsh: ramble


def test_a_coordinators_own_kind_of_activity_is_in_the_vocabulary(app):
    bells = CategoryTerm("bells", 40, False, (), {"en": ("Bell ringing", "campanology, change ringing")})
    with app.app_context():
        vocabulary = Vocabulary(2, [bells])
        assert kept("Bell ringing", vocabulary).words == ("bell ringing",)
        assert kept("change ringing and campanology", vocabulary).words == ("change ringing", "campanology")


def test_scripts_with_vowel_signs_keep_their_words_whole(vocabulary):
    assert tokens("ਸੰਗੀਤ ਕਲਾ") == ["ਸੰਗੀਤ", "ਕਲਾ"]
    assert kept("ਸੰਗੀਤ", vocabulary).words == ("ਸੰਗੀਤ",)
    assert kept("অংশগ্রহণ", vocabulary) == KeptWords((), True)


def test_the_curated_list_has_a_few_hundred_words_in_the_sites_languages():
    listed = json.loads(WORDS_FILE.read_text(encoding="utf-8"))
    assert set(listed) == set(SHIPPED_LOCALES)
    assert 200 <= sum(len(words) for words in listed.values()) <= 700
    for words in listed.values():
        assert len(words) == len(set(words)) and all(word.strip() == word and word for word in words)
