"""Responses are compressed when the browser asks, once: by the app in `make run`, by the proxy
behind one; and static files are kept a year under their content-hashed names."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from portal import create_app
from portal.config import load_settings
from portal.db import get_database
from portal.directory.page_cache import page_cache
from portal.web.compression import decoded
from tests.directory_helpers import listing, with_postcodes

BROWSER = "gzip, deflate, br, zstd"
SEARCH = "/en/directory?postcode=LS6+1AN&category=walking"


@pytest.fixture(scope="module")
def caching_app(session_app: Flask, settings: Any) -> Iterator[Flask]:
    made = create_app(replace(settings, directory_cache_seconds=60))
    yield made
    get_database(made).engine.dispose()


@pytest.fixture
def cached(caching_app: Flask, app: Flask, db: Any) -> Iterator[Flask]:
    with_postcodes(db)
    listing(db, "Morning walk")
    page_cache(caching_app).clear()
    yield caching_app
    page_cache(caching_app).clear()


def html_of(response: Any) -> str:
    return decoded(response.get_data(), response.headers.get("Content-Encoding", "")).decode()


def test_a_page_is_compressed_with_the_best_encoding_the_browser_accepts(client):
    for accepted, encoding in ((BROWSER, "br"), ("gzip", "gzip"), ("zstd;q=1, gzip;q=0.5", "zstd")):
        response = client.client.get("/en/", headers={"Accept-Encoding": accepted})
        assert response.headers["Content-Encoding"] == encoding
        assert "Accept-Encoding" in response.headers["Vary"]
        assert "</html>" in html_of(response)
        assert int(response.headers["Content-Length"]) == len(response.get_data())


def test_error_pages_are_compressed_too_and_keep_their_status(client):
    response = client.client.get("/en/no-such-page", headers={"Accept-Encoding": BROWSER})
    assert response.status_code == 404
    assert response.headers["Content-Encoding"] == "br"
    assert "</html>" in html_of(response)
    assert client.client.get("/en/no-such-page").headers.get("Content-Encoding") is None


def test_a_browser_that_asks_for_no_compression_gets_none(client):
    response = client.get("/en/").response
    assert "Content-Encoding" not in response.headers
    assert "</html>" in response.get_data(as_text=True)


def test_behind_a_proxy_the_app_leaves_compression_to_it():
    assert load_settings({"TRUSTED_PROXIES": "1"}).compress_responses is False
    assert load_settings({}).compress_responses is True
    assert load_settings({"TRUSTED_PROXIES": "1", "COMPRESS_RESPONSES": "1"}).compress_responses is True


def test_an_app_behind_a_proxy_sends_pages_uncompressed(session_app: Flask, settings: Any, db: Any):
    behind_proxy = create_app(replace(settings, compress_responses=False))
    try:
        response = behind_proxy.test_client().get("/en/", headers={"Accept-Encoding": BROWSER})
        assert "Content-Encoding" not in response.headers
        assert "</html>" in response.get_data(as_text=True)
    finally:
        get_database(behind_proxy).engine.dispose()


def test_the_proxy_compresses_and_leaves_encoded_responses_alone():
    """Caddy's `encode` skips a response that already has a Content-Encoding, so even an app
    compressing behind it is never compressed twice."""
    caddyfile = (Path(__file__).parents[1] / "Caddyfile").read_text()
    assert re.search(r"^\s*encode \{\s*zstd\s+gzip \d\s*\}", caddyfile, re.MULTILINE)


def test_kept_pages_are_kept_per_encoding_and_served_as_asked(cached):
    for _ in range(2):
        for accepted, encoding in ((BROWSER, "br"), ("gzip", "gzip"), ("", None)):
            response = cached.test_client().get(SEARCH, headers={"Accept-Encoding": accepted})
            assert response.headers.get("Content-Encoding") == encoding
            assert "Morning walk" in html_of(response)
    assert len(page_cache(cached)) == 3


def test_static_files_with_a_content_hash_are_immutable_and_compressed(client):
    page = client.get("/en/")
    stylesheet = page.one('link[rel="stylesheet"]')["href"]
    response = client.client.get(stylesheet, headers={"Accept-Encoding": BROWSER})
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["Content-Encoding"] == "br"
    css = decoded(response.get_data(), "br")
    assert css == (Path(__file__).parents[1] / "static/css/portal.css").read_bytes()


def test_static_files_by_their_plain_name_are_kept_an_hour_only(client):
    response = client.get("/static/css/portal.css", expected_status=200).response
    response.close()
    assert response.headers["Cache-Control"] == "public, max-age=3600"


def test_every_static_file_on_a_page_is_named_by_its_content_hash(client):
    page = client.get("/en/")
    addresses = [tag["href"] for tag in page.select("link[href]") if "/static/" in tag["href"]]
    addresses += [tag["src"] for tag in page.select("script[src]")]
    assert addresses
    assert all(re.search(r"\.[0-9a-f]{10}\.[a-z]+$", address) for address in addresses)
