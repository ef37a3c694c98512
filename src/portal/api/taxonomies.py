"""The taxonomies the API publishes: our kinds of activity (the categories coordinators
manage), and the fixed vocabularies ORUK has no field for: how people take part, how they
join, and who a listing is for. Services link to their terms through `attributes`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from uuid import UUID

from portal.api import ids
from portal.directory import vocabulary as v
from portal.directory.categories import Vocabulary


@dataclass(frozen=True)
class Term:
    taxonomy: Taxonomy
    code: str
    name: str

    @property
    def id(self) -> UUID:
        return ids.term_id(self.taxonomy.key, self.code)


@dataclass(frozen=True)
class Taxonomy:
    key: str  # also each attribute's `link_type`
    name: str
    description: str
    listing_field: str  # the Listing field holding its codes

    @property
    def id(self) -> UUID:
        return ids.taxonomy_id(self.key)


KINDS_OF_ACTIVITY = Taxonomy(
    "kind_of_activity", "Kinds of activity", "What a group or service does, as people search for it.", "categories"
)
FIXED = (
    (Taxonomy("how_people_take_part", "How people take part", "In person, online or by phone.", "attending_type"),
     v.DELIVERY),
    (Taxonomy("how_people_join", "How people join", "Drop in, book first or be referred.", "attending_access"),
     v.ATTENDING_ACCESS),
    (Taxonomy("who_it_is_for", "Who it is for", "The people a group or service is meant for.", "audiences"),
     v.AUDIENCES),
)  # fmt: skip


class Published:
    """Every taxonomy and term, at one version of the categories."""

    def __init__(self, taxonomies: tuple[Taxonomy, ...], terms: tuple[Term, ...]) -> None:
        self.taxonomies, self.terms = taxonomies, terms
        self._terms_by_id = {term.id: term for term in terms}
        self._by_code = {(term.taxonomy.key, term.code): term for term in terms}

    def taxonomy(self, taxonomy_id: UUID) -> Taxonomy | None:
        return next((taxonomy for taxonomy in self.taxonomies if taxonomy.id == taxonomy_id), None)

    def term(self, term_id: UUID) -> Term | None:
        return self._terms_by_id.get(term_id)

    def terms_of(self, taxonomy: Taxonomy, codes: Sequence[str]) -> list[Term]:
        """A listing's terms in one taxonomy (codes no longer offered are left out)."""
        return [self._by_code[(taxonomy.key, code)] for code in codes if (taxonomy.key, code) in self._by_code]

    def by_code(self, taxonomy_key: str, code: str) -> Term | None:
        return self._by_code.get((taxonomy_key, code))


def published(vocabulary: Vocabulary) -> Published:
    """Retired categories are not published (listings keep them, the API leaves them out)."""

    def build() -> Published:
        terms = [Term(KINDS_OF_ACTIVITY, term.code, vocabulary.label(term.code, "en")) for term in vocabulary.active]
        for taxonomy, vocabulary_terms in FIXED:
            terms += [Term(taxonomy, term.code, v.msgid(term.label)) for term in vocabulary_terms]
        return Published((KINDS_OF_ACTIVITY, *(taxonomy for taxonomy, _ in FIXED)), tuple(terms))

    return vocabulary.memo(("oruk_taxonomies",), build)
