"""The feature's two blueprints: public pages and the editors' and coordinators' pages."""

from portal.organisations import (  # noqa: F401 (they register their views)
    category_routes,
    coordinator_routes,
    listing_editor_routes,
    referral_routes,
    space_routes,
    spreadsheet_routes,
)
from portal.organisations.editor_routes import organisations
from portal.organisations.public_routes import organisations_public

__all__ = ["organisations", "organisations_public"]
