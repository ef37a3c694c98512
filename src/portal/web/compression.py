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
from flask import Flask

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
