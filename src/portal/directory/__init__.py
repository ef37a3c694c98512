"""Browse groups and services near you: the public directory."""

from __future__ import annotations

from flask import Flask

from portal.db import get_database
from portal.i18n import _l
from portal.web.home_actions import HomeAction, add_home_action
from portal.web.templating import register_template_helpers


def init_app(app: Flask) -> None:
    from portal.directory import formatting, kept_cards, labels, page_cache, search_records
    from portal.directory import search_fragments as fragments
    from portal.directory.cli import directory_cli

    search_records.init_app(app, get_database(app).engine)
    page_cache.init_app(app, search_records.search_records(app))
    kept_cards.init_app(app)
    formatting.init_app(app)
    labels.init_app(app)
    register_template_helpers(
        app,
        globals={
            "filters_fragment": fragments.filters_fragment,
            "choices_fragment": fragments.choices_fragment,
            "postcode_fragment": fragments.postcode_fragment,
            "words_fragment": fragments.words_fragment,
        },
    )
    app.cli.add_command(directory_cli)
    add_home_action(
        app,
        HomeAction(
            "directory.search",
            _l("Find groups and services near you"),
            _l("Walking groups, choirs, money advice, someone to talk to and more, near where you live."),
            10,
        ),
    )
