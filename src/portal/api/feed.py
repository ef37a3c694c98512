"""Reading another directory's ORUK 3.0 feed: from its API (every page of `/services`, then
each service in full from `/services/{id}`, since lists carry only one-to-one fields), or
from a JSON file holding full services (a page as `/services` sends it, a list of services,
or one service). Nothing read here is trusted yet: the importer checks every object."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

import requests

MAX_PAGES = 10_000
PER_PAGE = 100  # the most the ORUK profile lets a client ask for
TIMEOUT_SECONDS = 30
MAX_FILE_BYTES = 200 * 1024 * 1024


class FeedProblem(Exception):
    """The feed as a whole cannot be read."""


@dataclass(frozen=True)
class FeedItem:
    """One service as read: its data, or why it could not be read."""

    label: str  # the feed's id for it, as far as known
    data: dict[str, Any] | None = None
    problem: str = ""


class Feed(Protocol):
    source: str

    def services(self) -> Iterator[FeedItem]: ...

    def organization(self, organization_id: str) -> dict[str, Any] | None: ...


def open_feed(location: str, source: str | None = None) -> Feed:
    if location.startswith(("http://", "https://")):
        return UrlFeed(location, source)
    return FileFeed(Path(location), source)


def _label(item: object) -> str:
    value = item.get("id") if isinstance(item, dict) else None
    return str(value)[:200] if value else "without an id"


class FileFeed:
    def __init__(self, path: Path, source: str | None) -> None:
        self.path = path
        self.source = source or f"file:{path.name}"

    def _contents(self) -> list[Any]:
        try:
            if self.path.stat().st_size > MAX_FILE_BYTES:
                raise FeedProblem(f"{self.path} is larger than {MAX_FILE_BYTES // 1024 // 1024} MB")
            data = json.loads(self.path.read_text(encoding="utf-8-sig"))
        except OSError as error:
            raise FeedProblem(f"cannot read {self.path}: {error.strerror}") from error
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise FeedProblem(f"{self.path} is not JSON: {error}") from error
        if isinstance(data, dict) and isinstance(data.get("contents"), list):
            return list(data["contents"])
        if isinstance(data, list):
            return data
        if isinstance(data, dict) and "id" in data:
            return [data]
        raise FeedProblem(f"{self.path} holds neither a page of services, a list of them nor one service")

    def services(self) -> Iterator[FeedItem]:
        for item in self._contents():
            if isinstance(item, dict):
                yield FeedItem(_label(item), item)
            else:
                yield FeedItem(_label(item), problem="is not a JSON object")

    def organization(self, organization_id: str) -> dict[str, Any] | None:
        return None  # a file holds services; their organizations are nested in them


class UrlFeed:
    def __init__(self, url: str, source: str | None) -> None:
        root = url.split("?", 1)[0].rstrip("/")
        self.root = root.removesuffix("/services")
        self.source = source or self.root
        self.http = requests.Session()
        self.http.headers.update({"Accept": "application/json", "User-Agent": "social-prescribing-portal ORUK import"})
        self._organisations: dict[str, dict[str, Any] | None] = {}

    def _get(self, path: str, **params: int) -> Any:
        try:
            response = self.http.get(f"{self.root}{path}", params=params or None, timeout=TIMEOUT_SECONDS)
        except requests.RequestException as error:
            raise FeedProblem(f"cannot reach {self.root}{path}: {type(error).__name__}") from error
        if response.status_code != 200:
            raise FeedProblem(f"{self.root}{path} answered HTTP {response.status_code}")
        try:
            return response.json()
        except ValueError as error:
            raise FeedProblem(f"{self.root}{path} did not send JSON") from error

    def _page(self, number: int) -> dict[str, Any]:
        page = self._get("/services", page=number, per_page=PER_PAGE)
        if not isinstance(page, dict) or not isinstance(page.get("contents"), list):
            raise FeedProblem(f"page {number} of {self.root}/services is not a page of services")
        return page

    def _listed_ids(self) -> Iterator[FeedItem]:
        for number in range(1, MAX_PAGES + 1):
            page = self._page(number)
            for item in page["contents"]:
                yield FeedItem(_label(item), item if isinstance(item, dict) else None)
            total_pages = page.get("total_pages")
            if (
                not page["contents"]
                or page.get("last_page") is True
                or (isinstance(total_pages, int) and number >= total_pages)
            ):
                return

    def services(self) -> Iterator[FeedItem]:
        for listed in self._listed_ids():
            if listed.data is None or not listed.data.get("id"):
                yield FeedItem(listed.label, problem="is listed without an id")
                continue
            try:
                full = self._get(f"/services/{quote(str(listed.data['id']), safe='')}")
            except FeedProblem as problem:
                yield FeedItem(listed.label, problem=f"could not be read: {problem}")
                continue
            if isinstance(full, dict):
                yield FeedItem(listed.label, full)
            else:
                yield FeedItem(listed.label, problem="is not a JSON object")

    def organization(self, organization_id: str) -> dict[str, Any] | None:
        if organization_id not in self._organisations:
            try:
                found = self._get(f"/organizations/{quote(organization_id, safe='')}")
            except FeedProblem:
                found = None
            self._organisations[organization_id] = found if isinstance(found, dict) else None
        return self._organisations[organization_id]
