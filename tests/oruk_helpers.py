"""Reading the ORUK API in tests, and a small ORUK feed served over HTTP for the importer."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from uuid import uuid4

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Engine, event
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

from portal.api.validation import errors

API = "/api/oruk"


def get_json(client: FlaskClient, path: str, status: int = 200) -> Any:
    """The body of an API response, checked as every response must be."""
    response = client.get(f"{API}{path}")
    assert response.status_code == status, (path, response.status_code, response.get_data(as_text=True)[:300])
    assert response.mimetype == "application/json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Set-Cookie" not in response.headers
    body = response.get_json()
    assert empty_values(body) == [], f"{path} sends null or empty values"
    return body


def empty_values(value: Any, path: str = "") -> list[str]:
    """Where a body holds null or an empty string (what the API must never send)."""
    if value is None or value == "":
        return [path]
    if isinstance(value, dict):
        return [found for key, item in value.items() for found in empty_values(item, f"{path}.{key}")]
    if isinstance(value, list):
        return [found for index, item in enumerate(value) for found in empty_values(item, f"{path}[{index}]")]
    return []


def valid(schema: str, instance: Any) -> Any:
    problems = errors(schema, instance)
    assert problems == [], problems
    return instance


def all_pages(client: FlaskClient, path: str, per_page: int = 100) -> list[dict[str, Any]]:
    joiner = "&" if "?" in path else "?"
    items: list[dict[str, Any]] = []
    for number in range(1, 1000):
        page = get_json(client, f"{path}{joiner}page={number}&per_page={per_page}")
        items += page["contents"]
        if page["last_page"]:
            return items
    raise AssertionError("too many pages")


def export_services(client: FlaskClient) -> list[dict[str, Any]]:
    """Every published service in full, as another directory would read our feed."""
    return [get_json(client, f"/services/{item['id']}") for item in all_pages(client, "/services")]


@contextmanager
def counted_queries(engine: Engine) -> Iterator[list[str]]:
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def names(items: list[dict[str, Any]]) -> list[str]:
    return [item["name"] for item in items]


# A feed another directory publishes -------------------------------------------------------


def organization(name: str = "Otley Community Trust", **fields: Any) -> dict[str, Any]:
    return {"id": str(uuid4()), "name": name, "description": f"{name} runs groups in Otley.", **fields}


def feed_service(name: str, org: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """A valid ORUK 3.0 service, fully nested, as another directory's API sends it."""
    service_id, sal_id, location_id = str(uuid4()), str(uuid4()), str(uuid4())
    return {
        "id": service_id,
        "organization_id": org["id"],
        "name": name,
        "description": f"{name} meets every week.\n\nAll welcome.",
        "status": "active",
        "assured_date": "2026-10-01",
        "organization": org,
        "service_at_locations": [
            {
                "id": sal_id,
                "service_id": service_id,
                "location_id": location_id,
                "location": {
                    "id": location_id,
                    "location_type": "physical",
                    "name": "Otley Civic Centre",
                    "latitude": 53.9056,
                    "longitude": -1.6918,
                    "addresses": [
                        {
                            "id": str(uuid4()),
                            "location_id": location_id,
                            "address_1": "Cross Green",
                            "city": "Otley",
                            "state_province": "West Yorkshire",
                            "postal_code": "LS21 1HD",
                            "country": "GB",
                            "address_type": "physical",
                        }
                    ],
                },
            }
        ],
        "schedules": [
            {
                "id": str(uuid4()),
                "service_id": service_id,
                "service_at_location_id": sal_id,
                "freq": "WEEKLY",
                "interval": 1,
                "byday": "TH",
                "opens_at": "14:00",
                "closes_at": "16:00",
            }
        ],
        "cost_options": [{"id": str(uuid4()), "service_id": service_id, "amount": 0, "currency": "GBP"}],
        "languages": [{"id": str(uuid4()), "service_id": service_id, "code": "en", "name": "English"}],
        "phones": [{"id": str(uuid4()), "service_id": service_id, "number": "0113 496 0123"}],
        "attributes": [term_attribute(service_id, "Walking groups")],
        **fields,
    }


def term_attribute(service_id: str, term_name: str, term_id: str | None = None) -> dict[str, Any]:
    term = {"id": term_id or str(uuid4()), "name": term_name, "description": term_name}
    return {
        "id": str(uuid4()),
        "link_id": service_id,
        "link_type": "category",
        "link_entity": "service",
        "taxonomy_term_id": term["id"],
        "taxonomy_term": term,
    }


class FeedServer:
    """Another directory's ORUK API on 127.0.0.1, `page_size` services a page, whatever
    `per_page` a client asks for. `broken_details` answer HTTP 500 for those ids."""

    def __init__(self, services: list[dict[str, Any]], page_size: int = 2) -> None:
        self.services, self.page_size = services, page_size
        self.broken_details: set[str] = set()
        self.organizations: dict[str, dict[str, Any]] = {}
        self.requests: list[str] = []
        self._server = make_server("127.0.0.1", 0, self._app, threaded=True)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}/oruk"

    def __enter__(self) -> FeedServer:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _json(self, body: Any, status: int = 200) -> Response:
        return Response(json.dumps(body), status=status, content_type="application/json")

    def _page(self, number: int) -> dict[str, Any]:
        start = (number - 1) * self.page_size
        listed = [
            {key: value for key, value in item.items() if not isinstance(value, list | dict)}
            for item in self.services[start : start + self.page_size]
        ]
        pages = -(-len(self.services) // self.page_size)
        return {"total_items": len(self.services), "total_pages": pages, "page_number": number,
                "size": len(listed), "first_page": number == 1, "last_page": number >= pages,
                "empty": not listed, "contents": listed}  # fmt: skip

    def _app(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        self.requests.append(request.full_path)
        path = request.path.removeprefix("/oruk")
        by_id = {str(item["id"]): item for item in self.services}
        if path == "/services":
            response = self._json(self._page(int(request.args.get("page", "1"))))
        elif path.startswith("/services/") and path.removeprefix("/services/") in by_id:
            service_id = path.removeprefix("/services/")
            response = self._json({}, 500) if service_id in self.broken_details else self._json(by_id[service_id])
        elif path.startswith("/organizations/") and path.removeprefix("/organizations/") in self.organizations:
            response = self._json(self.organizations[path.removeprefix("/organizations/")])
        else:
            response = self._json({"error": "not_found", "message": "nothing here"}, 404)
        return response(environ, start_response)


def run_import(app: Flask, *args: str) -> Any:
    return app.test_cli_runner().invoke(args=["directory", "import-oruk", *args])
