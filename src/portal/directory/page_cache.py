"""Public pages kept in memory for a short while, for people who bring nothing of their own
to the page: directory searches, and the content pages whose views offer them
(`web.caching.offer_page`: the home page, the content pages, the languages page, and a
listing's page on a first visit, which carries no CSRF token so sets no cookie).

A search page (`GET /<locale>/directory`: the full page, the htmx results and the "show
more" results) depends only on its language, its query, the htmx headers, the host it is
served on, the listings and the day; a content page on less. A person whose browser session holds nothing but this
page's language gets exactly the page anyone else would, so a page rendered for one such
person is served to the next for `DIRECTORY_CACHE_SECONDS` (60 by default; 0 turns this
off), and so is a first visit without a cookie in the language its browser asks for (no
cookie is set for it, see `i18n.remember_locale`). Everyone else gets a page rendered for
them, and their page is never kept: a signed-in person, anyone with a shortlist, a flashed
message, answers in progress or another saved language.

Hits are answered by a WSGI layer in front of Flask: no request context, session, hooks or
database. Every search is still counted for the unmet-need reports: a kept page carries the
facts its search recorded, and each hit records them again (`search_records`).

Freshness: a page is kept `DIRECTORY_CACHE_SECONDS` at most and never served on another day
in the scheme's time zone ("on today", "Tuesday 3 November"); next-session times may lag the
clock by that much within a day. A change to a listing made in this process stops every kept
page at once (`changes`); other app servers catch up within `DIRECTORY_CACHE_SECONDS`.

Compression: when the app compresses (`web.compression`), pages are kept as sent, one per
`Accept-Encoding` asked for, so a hit is never compressed again.

Headers are those of the response first rendered (security headers, Vary), except that each
hit gets a Content-Security-Policy with a fresh nonce. A page that contains its nonce is never
kept, so a template that starts using the nonce stops being cached instead of breaking.

Rate limits: the search has none. A response whose request was checked against any limit is
never kept, so if one is ever added, every search goes through the limiter again.
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlencode

from flask import Flask
from itsdangerous import BadSignature
from werkzeug.wrappers import Request

from portal.clock import clock_of
from portal.directory import changes
from portal.directory.schedules import local_now
from portal.directory.search_records import SearchFacts, SearchRecordBuffer
from portal.i18n import unsaved_locale
from portal.security import content_security_policy, new_nonce
from portal.web.caching import KEEP
from portal.web.compression import decoded

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

MAX_BYTES = 16 * 1024 * 1024  # per process; a full results page is about 30 kB
MAX_QUERY = 1000  # longer query strings are rendered every time, never kept
HTMX_HEADERS = ("HTTP_HX_REQUEST", "HTTP_HX_TARGET", "HTTP_HX_BOOSTED")  # as the WSGI environ names them
CSP = "content-security-policy"  # header names compared in lower case
NONCE = re.compile(r"'nonce-([^']+)'")

Key = tuple[str, ...]


@dataclass(frozen=True)
class KeptPage:
    status: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    facts: SearchFacts | None
    expires: float
    generation: int


class PageCache:
    """Least recently used pages first out, within `max_bytes`; thread-safe."""

    def __init__(self, seconds: int, max_bytes: int = MAX_BYTES, clock: Callable[[], float] = time.monotonic) -> None:
        self.seconds = seconds
        self.max_bytes = max_bytes
        self.clock = clock
        self._pages: OrderedDict[Key, KeptPage] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: Key) -> KeptPage | None:
        with self._lock:
            page = self._pages.get(key)
            if page is None:
                return None
            if page.expires <= self.clock() or page.generation != changes.generation():
                self._drop(key)
                return None
            self._pages.move_to_end(key)
            return page

    def put(self, key: Key, page: KeptPage) -> None:
        if len(page.body) > self.max_bytes // 4:
            return
        with self._lock:
            if key in self._pages:
                self._drop(key)
            self._pages[key] = page
            self._bytes += len(page.body)
            while self._bytes > self.max_bytes:
                self._drop(next(iter(self._pages)))

    def clear(self) -> None:
        with self._lock:
            self._pages.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._pages)

    def _drop(self, key: Key) -> None:
        self._bytes -= len(self._pages.pop(key).body)


class CachedSearchPages:
    """The WSGI layer: answers kept pages before Flask is involved, and keeps what Flask
    renders when the view offered it and the response is one anybody may be given."""

    def __init__(self, app: Flask, wsgi_app: WSGIApplication, cache: PageCache, records: SearchRecordBuffer) -> None:
        self.app = app
        self.wsgi_app = wsgi_app
        self.cache = cache
        self.records = records
        settings = app.config["SETTINGS"]
        self.locales, self.default_locale = tuple(settings.locales), str(settings.default_locale)
        self.cookie_name = str(app.config["SESSION_COOKIE_NAME"])
        self.session_max_age = int(app.permanent_session_lifetime.total_seconds())
        self.serializer = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]
        self.compressing = bool(settings.compress_responses)
        # A session holding only a language is never longer than this: a longer one (answers
        # in progress, a sign-in) is known to be someone's own without checking its signature.
        longest = max(self.locales, key=len)
        self.language_only_length = len(self.serializer.dumps({"locale": longest})) + 16

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        key = self.key_for(environ)
        if key is None:
            return self.wsgi_app(environ, start_response)
        page = self.cache.get(key)
        if page is not None:
            return self.serve(page, start_response)
        return self.render_and_keep(key, environ, start_response)

    def key_for(self, environ: WSGIEnvironment) -> Key | None:
        """None unless the cache may answer this request."""
        if self.cache.seconds <= 0 or environ.get("REQUEST_METHOD") != "GET":
            return None
        locale = self.locale_of(str(environ.get("PATH_INFO", "")))
        if locale is None or len(environ.get("QUERY_STRING", "")) > MAX_QUERY:
            return None
        asked = Request(environ, populate_request=False, shallow=True)  # parsed exactly as Flask parses it
        if not self.brings_nothing_of_their_own(asked, locale):
            return None
        varying = tuple(str(environ.get(name, "")) for name in self.varying_headers)
        if any(len(value) > 100 for value in varying):
            return None
        query = urlencode(list(asked.args.items(multi=True)))
        return (asked.scheme, asked.host, asked.root_path, asked.path, query, *varying, self.today().isoformat())

    @property
    def varying_headers(self) -> tuple[str, ...]:
        return (*HTMX_HEADERS, "HTTP_ACCEPT_ENCODING") if self.compressing else HTMX_HEADERS

    def locale_of(self, path: str) -> str | None:
        """A localised page's language (`/cy/...`); whether it may be kept is its view's offer."""
        first, slash, _rest = path[1:].partition("/")
        return first if path.startswith("/") and slash and first in self.locales else None

    def brings_nothing_of_their_own(self, asked: Request, locale: str) -> bool:
        """No cookie at all, on a page in the language the browser asks for (so rendering it
        would save nothing, see `i18n.remember_locale`), or only a session saving this language."""
        cookies = list(asked.cookies.items(multi=True))
        if not cookies:
            return locale == unsaved_locale(asked.accept_languages, self.locales, self.default_locale)
        return self.holds_only_language(cookies, locale)

    def holds_only_language(self, cookies: list[tuple[str, str]], locale: str) -> bool:
        """The request's only cookie is a valid session holding this page's language alone."""
        if len(cookies) != 1 or cookies[0][0] != self.cookie_name or len(cookies[0][1]) > self.language_only_length:
            return False
        try:
            session = self.serializer.loads(cookies[0][1], max_age=self.session_max_age)
        except BadSignature:
            return False
        return bool(session == {"locale": locale})

    def today(self) -> date:
        return local_now(clock_of(self.app)()).date()

    def serve(self, page: KeptPage, start_response: StartResponse) -> Iterable[bytes]:
        if page.facts is not None:
            self.records.add(page.facts)
        policy = content_security_policy(new_nonce())
        start_response(page.status, [(name, policy if name.lower() == CSP else value) for name, value in page.headers])
        return [page.body]

    def render_and_keep(self, key: Key, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        generation = changes.generation()
        sent: dict[str, Any] = {}

        def remember_start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            sent.update(status=status, headers=headers)
            return start_response(status, headers, exc_info)

        body = self.wsgi_app(environ, remember_start)
        if KEEP not in environ or not self.anybody_may_have(sent):
            return body
        try:
            content = b"".join(body)
        finally:
            if hasattr(body, "close"):
                body.close()
        headers = {name.lower(): value for name, value in sent["headers"]}
        nonce = NONCE.search(headers[CSP])
        text = decoded(content, headers.get("content-encoding", ""))
        if nonce and nonce.group(1).encode() not in text and generation == changes.generation():
            expires = self.cache.clock() + self.cache.seconds
            page = KeptPage(sent["status"], tuple(sent["headers"]), content, environ[KEEP], expires, generation)
            self.cache.put(key, page)
        return [content]

    @staticmethod
    def anybody_may_have(sent: dict[str, Any]) -> bool:
        names = {name.lower() for name, _value in sent.get("headers", [])}
        return str(sent.get("status", "")).startswith("200 ") and "set-cookie" not in names and CSP in names


EXTENSION = "directory_page_cache"


def init_app(app: Flask, records: SearchRecordBuffer) -> None:
    """Puts the cache layer directly around Flask (inside any proxy fix, which must see the
    request first so the key has the real host and scheme)."""
    cache = PageCache(app.config["SETTINGS"].directory_cache_seconds)
    app.extensions[EXTENSION] = cache
    app.wsgi_app = CachedSearchPages(app, app.wsgi_app, cache, records)  # type: ignore[method-assign]


def page_cache(app: Flask) -> PageCache:
    return cast(PageCache, app.extensions[EXTENSION])
