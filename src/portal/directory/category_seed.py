"""The shipped categories as rows: what migration 0009 stores, and what the tests restore
between tests. Plain table descriptions of the columns as 0009 made them, so later changes to
the models never change what this migration writes."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from portal.directory.vocabulary import SHIPPED_CATEGORIES, msgid

CATEGORY = sa.table(
    "category",
    sa.column("id", sa.Integer),
    sa.column("code", sa.String),
    sa.column("bit", sa.Integer),
    sa.column("retired", sa.Boolean),
    sa.column("related", sa.JSON),
    sa.column("sort_order", sa.Integer),
)
CATEGORY_TEXT = sa.table(
    "category_text",
    sa.column("category_id", sa.Integer),
    sa.column("locale", sa.String),
    sa.column("label", sa.String),
    sa.column("synonyms", sa.Text),
)
CATEGORY_VERSION = sa.table("category_version", sa.column("id", sa.Integer), sa.column("version", sa.Integer))


def seed_categories(connection: Connection) -> None:
    """Each shipped category with its bit (its position), its English words and version 1.
    Welsh, Urdu and later languages come from the catalogues until a coordinator changes them."""
    connection.execute(
        sa.insert(CATEGORY),
        [
            {"code": shipped.code, "bit": bit, "retired": False, "related": list(shipped.related), "sort_order": bit}
            for bit, shipped in enumerate(SHIPPED_CATEGORIES)
        ],
    )
    ids = {code: category_id for code, category_id in connection.execute(sa.select(CATEGORY.c.code, CATEGORY.c.id))}
    connection.execute(
        sa.insert(CATEGORY_TEXT),
        [
            {
                "category_id": ids[shipped.code],
                "locale": "en",
                "label": msgid(shipped.label),
                "synonyms": msgid(shipped.synonyms),
            }
            for shipped in SHIPPED_CATEGORIES
        ],
    )
    connection.execute(sa.insert(CATEGORY_VERSION), [{"id": 1, "version": 1}])
