"""The content pages, the language chooser at `/`, and the safety exit."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, redirect, render_template, request, session, url_for
from sqlalchemy import text
from werkzeug.wrappers import Response

from portal.db import session as db_session
from portal.extensions import limiter
from portal.i18n import choose_locale_for_root
from portal.operations import readiness
from portal.pages.languages import language_links
from portal.web.access import public_blueprint

pages = public_blueprint(Blueprint("pages", __name__))
site = public_blueprint(Blueprint("site", __name__))

CONTENT_PAGES = {
    "what-is-social-prescribing": "pages/what-is-social-prescribing.html",
    "what-happens-next": "pages/what-happens-next.html",
    "accessibility": "pages/accessibility.html",
    "privacy": "pages/privacy.html",
    "cookies": "pages/cookies.html",
    "contact": "pages/contact.html",
}


@pages.get("/")
def home() -> str:
    return render_template("pages/home.html")


@pages.get("/languages")
def languages() -> str:
    page = request.args.get("page", "")
    return render_template("pages/languages.html", links=language_links(page))


@pages.get("/<any(" + ",".join(f'"{slug}"' for slug in CONTENT_PAGES) + "):slug>")
def content(slug: str) -> str:
    return render_template(CONTENT_PAGES[slug])


@site.get("/")
def choose_language() -> Response:
    settings = current_app.config["SETTINGS"]
    locale = choose_locale_for_root(settings.locales, settings.default_locale)
    response = redirect(url_for("pages.home", locale=locale), 302)
    response.vary.add("Accept-Language")
    response.vary.add("Cookie")
    return response


@site.get("/exit")
def exit_page() -> Response:
    """Leave quickly: forget everything this browser told us, then go somewhere neutral.

    A GET on purpose: the exit must work as a plain link, with one tap or by Shift three times.
    """
    current_app.extensions["portal_exit_hooks"].run()
    session.clear()
    response = redirect(current_app.config["SETTINGS"].scheme.exit_url, 303)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response


@site.get("/health")
def health() -> dict[str, str]:
    db_session.execute(text("SELECT 1"))
    return {"status": "ok"}


@site.get("/healthz")
@limiter.exempt
def healthz() -> dict[str, str]:
    """The process answers: the proxy sends traffic here while this is 200."""
    return {"status": "ok"}


@site.get("/readyz")
@limiter.exempt
def readyz() -> Response:
    """200 only when the database and Redis answer and the migrations are current."""
    results = readiness.checks()
    ready = readiness.is_ready(results)
    response = jsonify(status="ready" if ready else "unavailable", checks=results)
    response.status_code = 200 if ready else 503
    response.headers["Cache-Control"] = "no-store"
    return response
