"""The search page's own content as a few joins of parts kept per language, not a template
render for each search: a search changes only the fields' values, the results and their links,
which are put in, escaped, each time.

The page around it (the layout) is still the layout's template (`search.html`); the form's
fields are `search_fragments`, the cards `kept_cards`. The rare page with no results renders
its suggestions with a template, as before."""

from __future__ import annotations

from functools import lru_cache

from flask import current_app, render_template, request
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _
from markupsafe import Markup, escape

from portal.directory.search_fragments import choices_fragment, filters_fragment, postcode_fragment, words_fragment
from portal.directory.search_page import SearchPage
from portal.web.paths import path_for, query_string
from portal.web.templating import bidi

PART = Markup("<search-part>")  # Jinja escapes every "<" it is given, so no rendered text holds one
FRAMES = "directory_search_frames"


def search_page_html(page: SearchPage) -> str:
    """The whole page: the layout's template around the content."""
    title = _words()["title"]
    return render_template("directory/search.html", content=search_content(page), title=title, form=page.form)


def search_content(page: SearchPage) -> Markup:
    """The page's own content, inside the layout."""
    form = page.form
    parts = (postcode_fragment(form), words_fragment(form), choices_fragment(form), filters_fragment(form))
    frame = _frame()
    pieces = [frame[0]]
    for part, after in zip((*parts, results_html(page, htmx=False)), frame[1:], strict=True):
        pieces += (part, after)
    return Markup("".join(pieces))  # noqa: S704 (kept parts rendered by Jinja; what is put in is escaped)


def _frame() -> list[str]:
    """`_search-frame.html` split at its parts, kept per language and mount point."""
    frames: dict[tuple[str, str], list[str]] = current_app.extensions.setdefault(FRAMES, {})
    key = (str(get_locale() or "en"), request.script_root)
    if key not in frames:
        if len(frames) >= 256:
            frames.clear()
        frames[key] = render_template("directory/_search-frame.html", part=PART).split(PART)
    return frames[key]


@lru_cache(maxsize=64)
def results_words(locale: str) -> dict[str, Markup]:
    """The fixed words around results, translated once per language. Translations are trusted
    as markup, as Jinja trusts them in a template."""
    words = {
        "title": _("Find groups and services near you"),
        "more_results": _("More results"),
        "previous": _("Previous page"),
        "next": _("Next page"),
        "show_more": _("Show more results"),
        "also_remote": _("Also online or by phone"),
        "see_all_remote": _("See all services online or by phone"),
        "not_near": _("We could not search near the postcode you gave."),
        "remote_anywhere": _("These services work online or by phone, wherever you are."),
        "enter_postcode": _(
            "Enter your postcode to see groups near you. Until then, here are services that work online or by phone."
        ),
        "fallback": _("We could not find %(postcode)s, so we searched from the middle of %(area)s."),
    }
    return {name: Markup(text) for name, text in words.items()}  # noqa: S704 (our own translations)


def _words() -> dict[str, Markup]:
    return results_words(str(get_locale() or "en"))


def results_html(page: SearchPage, htmx: bool) -> str:
    """The results region: the full page's, or the one htmx swaps in (with the summary and the
    postcode field sent out of band)."""
    pieces: list[str] = []
    if htmx:
        summary = escape(page.summary) if page.searched else ""
        pieces += ('\n<div id="results-status" hx-swap-oob="innerHTML">', summary, "</div>\n")
        pieces.append(postcode_fragment(page.form, oob=True))
    if page.searched:
        heading = '\n<h2 id="results-heading" class="results-heading" tabindex="-1" data-focus-after-submit>'
        pieces += (heading, escape(page.summary), "</h2>", _notice(page))
        if page.cards:
            pieces += ('\n<ol class="results" id="result-list">', *page.cards, "\n</ol>")
            pieces += ('\n<div id="show-more">', _pagination(page, appending=False), "</div>")
        else:
            pieces += ("\n", render_template("directory/_no-results.html", page=page, form=page.form))
        pieces.append(_remote(page))
    return "".join(pieces)


def more_results_html(page: SearchPage) -> str:
    """The next page's cards, appended by htmx ("Show more results") to the list."""
    shown = escape(ngettext("%(num)d more result shown", "%(num)d more results shown", len(page.cards)))
    return "".join(
        (
            *page.cards,
            '\n<div id="show-more" hx-swap-oob="true">',
            _pagination(page, appending=True),
            '</div>\n<div id="results-status" hx-swap-oob="innerHTML">',
            shown,
            "</div>",
        )
    )


def _notice(page: SearchPage) -> str:
    words = _words()
    if page.problem:
        message = escape(page.form.postcode.errors[0])
        return (
            f'\n<div class="notice notice--warning"><p>{words["not_near"]} <a href="#postcode">{message}</a></p>'
            f"<p>{words['remote_anywhere']}</p></div>"
        )
    if not page.place and not page.form.chosen("delivery"):
        return f'\n<div class="notice"><p>{words["enter_postcode"]}</p></div>'
    if page.place and page.place.precision == "fallback":
        where = words["fallback"] % {"postcode": bidi(page.place.label), "area": bidi(page.place.outward_code)}
        return f'\n<div class="notice"><p>{where}</p></div>'
    return ""


def _pagination(page: SearchPage, appending: bool) -> str:
    previous = page.page > 1 and not appending
    if not (page.results.has_more or previous):
        return ""
    words = _words()
    pieces = [f'\n<nav class="pagination" aria-label="{words["more_results"]}">']
    if previous:
        href = escape(page.url_for_page(page.page - 1))
        pieces.append(f'\n  <a class="pagination__link" href="{href}" rel="prev">{words["previous"]}</a>')
    if page.results.has_more:
        href = escape(page.url_for_page(page.page + 1))
        pieces.append(
            f'\n  <a class="pagination__link pagination__more" href="{href}" rel="next"\n'
            f'     hx-get="{href}" hx-target="#result-list" hx-swap="beforeend" hx-push-url="false">'
            f'<span class="no-js-text">{words["next"]}</span><span class="js-text">{words["show_more"]}</span></a>'
        )
    pieces.append("\n</nav>")
    return "".join(pieces)


def _remote(page: SearchPage) -> str:
    if not page.remote_cards:
        return ""
    words, form = _words(), page.form
    pairs = [("q", form.q.data or ""), ("category", form.category.data or "")]
    href = escape(
        f"{path_for('directory.search')}?{query_string([*pairs, ('delivery', 'online'), ('delivery', 'phone')])}"
    )
    return "".join(
        (
            f'\n<h2 class="results-heading">{words["also_remote"]}</h2>\n<ul class="results results--remote">',
            *page.remote_cards,
            f'\n</ul>\n<p><a href="{href}">{words["see_all_remote"]}</a></p>',
        )
    )
