"""Responses compressed when the browser asks (Flask-Compress: brotli, zstd or gzip), unless a
proxy in front compresses them (`Settings.compress_responses`, off with `TRUSTED_PROXIES`):
Caddy does it faster, and also leaves alone a response that comes already encoded, so nothing
is ever compressed twice.

Kept pages (`directory.page_cache`) are kept compressed, one per encoding asked for, so a hit
costs no compression at all."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Callable

import brotli
from backports import zstd
from flask import Flask, Response

from portal.extensions import compress

ALGORITHMS = ["br", "zstd", "gzip"]  # preferred first, when a browser accepts several equally
COMPRESSED_TYPES = ["text/html", "text/css", "text/javascript", "application/javascript", "application/json",
                    "image/svg+xml", "text/csv", "text/plain"]  # fmt: skip
DECODERS: dict[str, Callable[[bytes], bytes]] = {
    "br": brotli.decompress,
    "zstd": zstd.decompress,
    "gzip": gzip.decompress,
    "deflate": zlib.decompress,
}


def decoded(content: bytes, encoding: str) -> bytes:
    """A response body as it was before compression."""
    return DECODERS[encoding](content) if encoding else content


def init_app(app: Flask, enabled: bool) -> None:
    """Before every other after-request step, so it runs last, on the finished response."""
    app.config.update(
        COMPRESS_REGISTER=enabled,
        COMPRESS_ALGORITHM=ALGORITHMS,
        COMPRESS_ALGORITHM_STREAMING=["br", "zstd"],
        COMPRESS_MIMETYPES=COMPRESSED_TYPES,
        COMPRESS_BR_LEVEL=5,
    )
    compress.init_app(app)
    if enabled:
        app.after_request(compress_error_page)  # registered after Flask-Compress, so run just before it


def compress_error_page(response: Response) -> Response:
    """Flask-Compress leaves every status but 2xx alone, yet a "page not found" or "too many
    requests" page weighs as much as any other page (and the proxy compresses them too)."""
    if not 400 <= response.status_code < 600 or response.get_etag()[0] or response.last_modified:
        return response  # nothing that a conditional request could turn into a 304
    status = response.status
    response.status_code = 200  # the only statuses Flask-Compress compresses
    compressed = compress.after_request(response)
    compressed.status = status
    return compressed
