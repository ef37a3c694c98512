import re
from datetime import UTC, date, datetime

import pytest
from flask import Flask

from portal.config import default_project_root
from portal.directory.formatting import long_date
from portal.web.templating import DuplicateTemplateHelper, register_template_helpers
from tests.directory_helpers import listing


def test_a_second_filter_with_a_taken_name_is_refused():
    app = Flask(__name__)
    register_template_helpers(app, filters={"long_date": str.upper})
    with pytest.raises(DuplicateTemplateHelper, match="long_date"):
        register_template_helpers(app, filters={"long_date": str.lower})


def test_a_global_cannot_replace_one_flask_already_gives_templates():
    app = Flask(__name__)
    with pytest.raises(DuplicateTemplateHelper, match="url_for"):
        register_template_helpers(app, globals={"url_for": str})


def test_registering_the_same_helper_again_is_harmless():
    app = Flask(__name__)
    register_template_helpers(app, filters={"shout": str.upper})
    register_template_helpers(app, filters={"shout": str.upper})
    assert app.jinja_env.filters["shout"] is str.upper


def test_the_app_has_one_long_date_and_it_is_the_uk_one(app):
    assert app.jinja_env.filters["long_date"] is long_date


def test_a_listing_checked_at_half_past_eleven_utc_on_30_june_shows_1_july(client, db):
    made = listing(db, "Late checkers", last_checked_at=datetime(2026, 6, 30, 23, 30, tzinfo=UTC).isoformat())
    page = client.get(f"/en/directory/listings/{made.id}")
    assert "Last checked on 1 July 2026." in page.text("main")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2026, 3, 27), "27 March 2026"),
        ("2026-03-27", "27 March 2026"),
        ("2026-06-30T23:30:00+00:00", "1 July 2026"),
        (datetime(2026, 12, 31, 23, 30, tzinfo=UTC), "31 December 2026"),
    ],
)
def test_long_dates_read_in_the_uk_day_from_dates_text_and_times(app, value, expected):
    with app.test_request_context("/en/"):
        assert long_date(value) == expected


def test_features_give_templates_their_helpers_only_through_the_registry():
    """Writing to `jinja_env.filters` or `.globals` directly would skip the duplicate check."""
    source = default_project_root() / "src" / "portal"
    direct = re.compile(
        r"jinja_env\.(filters|globals)\[[^]]+\]\s*=|jinja_env\.(filters|globals)\.(update|setdefault)\("
    )
    writers = [
        str(path.relative_to(source))
        for path in source.rglob("*.py")
        if path != source / "web" / "templating.py" and direct.search(path.read_text())
    ]
    assert writers == []
