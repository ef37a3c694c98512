"""The social prescribing portal."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from portal import cli, db, i18n, operations, security
from portal.config import Settings, load_settings
from portal.extensions import babel, csrf, htmx, limiter
from portal.web import (
    compression,
    errors,
    exit,
    home_actions,
    links,
    numbers,
    outage,
    request_log,
    request_logs,
    templating,
)


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or load_settings()
    app = Flask(
        __name__,
        template_folder=str(settings.project_root / "templates"),
        static_folder=str(settings.project_root / "static"),
        instance_path=str(settings.instance_path),
    )
    configure(app, settings)
    bind_extensions(app, settings)
    register_blueprints(app)
    request_logs.init_app(app)
    cli.init_app(app)
    trust_proxies(app, settings)
    return app


def configure(app: Flask, settings: Settings) -> None:
    production = settings.is_production
    app.config.update(
        SETTINGS=settings,
        SECRET_KEY=settings.secret_key,
        TESTING=settings.env == "test",
        PROPAGATE_EXCEPTIONS=False,  # tests see the same friendly 500 page a person would
        MAX_CONTENT_LENGTH=settings.max_content_length,
        SESSION_COOKIE_NAME="__Host-session" if production else "session",
        SESSION_COOKIE_SECURE=production,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        # A day longer than unsent answers are kept, so a person who comes back is told they went.
        PERMANENT_SESSION_LIFETIME=timedelta(hours=settings.referrals.draft_hours + 24),
        # The cookie is sent again only when it changes (a draft's every saved answer does), so
        # a page that only shows something sets no cookie, and its lifetime still runs from the
        # draft's last change, as the draft's own does.
        SESSION_REFRESH_EACH_REQUEST=False,
        SEND_FILE_MAX_AGE_DEFAULT=timedelta(days=365),  # static URLs carry a content hash
        REMEMBER_COOKIE_SECURE=production,
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the session; expiry is the session's
        WTF_CSRF_HEADERS=["X-CSRFToken"],
        # Over HTTPS Flask-WTF also wants a same-site Referer, but our Referrer-Policy is
        # no-referrer, so browsers send none: every form would fail behind TLS. The token, the
        # SameSite session cookie and its __Host- prefix are the protection.
        WTF_CSRF_SSL_STRICT=False,
        RATELIMIT_STORAGE_URI=settings.ratelimit_storage_uri,
        RATELIMIT_HEADERS_ENABLED=True,
        # Redis down: each app server counts in its own memory until Redis answers again, so
        # the site stays up with limits a little looser (README, "Running a scheme").
        RATELIMIT_IN_MEMORY_FALLBACK_ENABLED=True,
        RATELIMIT_STORAGE_OPTIONS=REDIS_TIMEOUTS if settings.ratelimit_storage_uri.startswith("redis") else {},
        BABEL_DEFAULT_LOCALE=settings.default_locale,
        BABEL_DEFAULT_TIMEZONE=settings.scheme.time_zone,
        BABEL_TRANSLATION_DIRECTORIES=str(settings.project_root / "translations"),
    )


# A stopped Redis must cost a request a fraction of a second, not the client's whole patience.
REDIS_TIMEOUTS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}


def trust_proxies(app: Flask, settings: Settings) -> None:
    """The outermost WSGI layer, added last: every layer inside it (the directory's page cache)
    sees the client's own address, host and scheme."""
    if settings.trusted_proxies:
        count = settings.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)  # type: ignore[method-assign]


def bind_extensions(app: Flask, settings: Settings) -> None:
    compression.init_app(app, settings.compress_responses)  # runs last: on the finished response
    # First, so its line is written after the request's commit (after_request runs in reverse):
    # a commit that fails is logged with the error page's status, not the one it replaced.
    request_log.init_app(app, settings.log_format)
    links.init_app(app, settings)
    numbers.init_app(app)
    db.init_app(app, settings.database_url)
    i18n.init_app(app, settings.locales, settings.default_locale)
    babel.init_app(app, locale_selector=i18n.locale_for_babel)
    csrf.init_app(app)
    htmx.init_app(app)
    limiter.init_app(app)
    security.init_app(app, settings.is_production)
    errors.init_app(app)
    outage.init_app(app)
    exit.init_app(app)
    templating.init_app(app)
    home_actions.init_app(app)


def register_blueprints(app: Flask) -> None:
    """Localised blueprints live under /<locale>/; `site` holds the few language-free URLs."""
    from portal import (
        accounts,
        api,
        data_protection,
        directory,
        followups,
        geo,
        gp_record,
        organisations,
        practices,
        referrals,
        reports,
        teams,
        triage,
    )
    from portal.accounts.routes import accounts as accounts_blueprint
    from portal.data_protection.routes import data_protection as data_protection_blueprint
    from portal.directory.routes import directory as directory_blueprint
    from portal.followups.public_routes import followups_public, notify_callbacks
    from portal.followups.routes import followups as followups_blueprint
    from portal.gp_record.routes import gp_record as gp_record_blueprint
    from portal.organisations.routes import organisations as organisations_blueprint
    from portal.organisations.routes import organisations_public
    from portal.pages.routes import pages, site
    from portal.referrals.routes import referrals as referrals_blueprint
    from portal.reports.routes import reports as reports_blueprint
    from portal.teams.routes import teams as teams_blueprint
    from portal.triage.routes import triage as triage_blueprint

    geo.init_app(app)
    practices.init_app(app)
    directory.init_app(app)
    localised = [
        pages,
        accounts_blueprint,
        directory_blueprint,
        referrals_blueprint,
        triage_blueprint,
        teams_blueprint,
        organisations_blueprint,
        organisations_public,
        followups_blueprint,
        followups_public,
        gp_record_blueprint,
        reports_blueprint,
        data_protection_blueprint,
    ]
    for blueprint in localised:
        app.register_blueprint(blueprint, url_prefix="/<locale:locale>")
    app.register_blueprint(site)
    app.register_blueprint(notify_callbacks)
    accounts.init_app(app)
    referrals.init_app(app)
    triage.init_app(app)
    teams.init_app(app)
    gp_record.init_app(app)
    organisations.init_app(app)
    api.init_app(app)
    followups.init_app(app)
    reports.init_app(app)
    operations.init_app(app)
    data_protection.init_app(app)
