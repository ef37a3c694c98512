"""The UUIDs the API publishes. Listings and organisations keep their own (stored, see
migration 0010). Everything else is named from something that never changes: a category by
its code, a listing's places, sessions and contacts by the listing and their position in it
(they are rebuilt from each published version, so they have no lasting rows of their own)."""

from __future__ import annotations

from functools import lru_cache
from uuid import UUID, uuid5

# The portal's own namespace: the same taxonomy has the same ids in every scheme's portal.
PORTAL = UUID("a00f9add-3c46-4e59-8b8b-d827605c3445")
NOWHERE = UUID(int=0)  # what an id filter that is not a UUID looks for: nothing has it


def taxonomy_id(key: str) -> UUID:
    return uuid5(PORTAL, f"taxonomy:{key}")


def term_id(taxonomy_key: str, code: str) -> UUID:
    return uuid5(PORTAL, f"taxonomy:{taxonomy_key}:term:{code}")


@lru_cache(maxsize=1 << 16)  # a page of places names about 200 parts, each a SHA-1
def part_of(owner: UUID, kind: str, position: int | str = 0) -> UUID:
    """A part of a listing or organisation: `part_of(listing.uuid, "location", 0)`."""
    return uuid5(owner, f"{kind}:{position}")


def parse(text: str) -> UUID | None:
    """A UUID as a client typed it, or None: never raises on what was sent."""
    try:
        return UUID(text) if len(text) <= 40 else None
    except ValueError:
        return None
