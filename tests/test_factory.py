from dataclasses import replace
from pathlib import Path

import pytest

from portal import create_app
from portal.config import InsecureConfiguration, default_project_root, load_settings


def production_environ(tmp_path: Path, **overrides: str) -> dict[str, str]:
    return {
        "PORTAL_ENV": "production",
        "PORTAL_INSTANCE_PATH": str(tmp_path),
        "SECRET_KEY": "x" * 64,
        "DATABASE_URL": "postgresql://portal@db/portal",
        "RATELIMIT_STORAGE_URI": "redis://cache:6379/0",
        "OUTBOX_BACKEND": "notify",
        "PUBLIC_BASE_URL": "https://portal.example",
        "DATA_ENCRYPTION_KEY": "x" * 43 + "=",
        **overrides,
    }


def test_the_factory_finds_templates_static_files_and_catalogues_from_one_root(settings):
    app = create_app(settings)
    root = settings.project_root
    assert app.template_folder == str(root / "templates")
    assert app.static_folder == str(root / "static")
    assert app.config["BABEL_TRANSLATION_DIRECTORIES"] == str(root / "translations")
    assert (default_project_root() / "templates" / "layouts" / "base.html").exists()


def test_development_generates_a_secret_key_once_and_keeps_it(tmp_path):
    environ = {"PORTAL_INSTANCE_PATH": str(tmp_path)}
    first = load_settings(environ).secret_key
    assert len(first) >= 32
    assert load_settings(environ).secret_key == first


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    environ = production_environ(tmp_path)
    del environ["SECRET_KEY"]
    with pytest.raises(InsecureConfiguration, match="SECRET_KEY"):
        load_settings(environ)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DATABASE_URL", "sqlite:///portal.db"),
        ("RATELIMIT_STORAGE_URI", "memory://"),
        ("OUTBOX_BACKEND", "console"),
        ("SECRET_KEY", "short"),
        ("DATA_ENCRYPTION_KEY", "not-a-key"),
        ("DATA_ENCRYPTION_KEY", ""),
    ],
)
def test_production_refuses_insecure_settings(tmp_path, name, value):
    with pytest.raises(InsecureConfiguration, match=name):
        load_settings(production_environ(tmp_path, **{name: value}))


def test_an_unknown_environment_name_stops_start_up(tmp_path):
    with pytest.raises(InsecureConfiguration):
        load_settings({"PORTAL_ENV": "staging", "PORTAL_INSTANCE_PATH": str(tmp_path)})


def test_production_uses_host_prefixed_secure_cookies(tmp_path, settings):
    production = load_settings(production_environ(tmp_path))
    # The rate limiter is one object shared by every app in this process: pointing it at a
    # Redis host that does not exist here would break the tests that run after this one.
    app = create_app(
        replace(
            production,
            database_url=f"sqlite:///{tmp_path / 'p.db'}",
            ratelimit_storage_uri=settings.ratelimit_storage_uri,
        )
    )
    assert app.config["SESSION_COOKIE_NAME"] == "__Host-session"
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_trusted_proxies_decide_which_client_address_is_believed(settings):
    app = create_app(replace(settings, trusted_proxies=1))

    @app.get("/whoami")
    def whoami() -> str:
        from flask import request

        return request.remote_addr or ""

    client = app.test_client()
    response = client.get(
        "/whoami", headers={"X-Forwarded-For": "203.0.113.9"}, environ_base={"REMOTE_ADDR": "10.0.0.1"}
    )
    assert response.get_data(as_text=True) == "203.0.113.9"


def test_without_trusted_proxies_forwarded_headers_are_ignored(settings):
    app = create_app(replace(settings, trusted_proxies=0))

    @app.get("/whoami")
    def whoami() -> str:
        from flask import request

        return request.remote_addr or ""

    response = app.test_client().get(
        "/whoami", headers={"X-Forwarded-For": "203.0.113.9"}, environ_base={"REMOTE_ADDR": "10.0.0.1"}
    )
    assert response.get_data(as_text=True) == "10.0.0.1"


def test_health_check_answers_when_the_database_does(client):
    assert client.get("/health").response.json == {"status": "ok"}


def test_production_with_mesh_sending_on_names_every_mesh_setting_it_lacks(tmp_path):
    with pytest.raises(InsecureConfiguration) as refused:
        load_settings(production_environ(tmp_path, MESH_URL="http://mesh.example"))
    for name in ("MESH_MAILBOX", "MESH_PASSWORD", "MESH_SHARED_KEY", "MESH_URL must be an https"):
        assert name in str(refused.value)


def test_production_starts_with_mesh_set_up_or_off(tmp_path):
    assert load_settings(production_environ(tmp_path)).mesh is None
    mesh = {"MESH_URL": "https://mesh.example", "MESH_MAILBOX": "X26ABC1"}
    mesh |= {"MESH_PASSWORD": "pass-1", "MESH_SHARED_KEY": "key-1"}
    settings = load_settings(production_environ(tmp_path, **mesh))
    assert settings.mesh is not None and settings.mesh.mailbox == "X26ABC1"
    assert "pass-1" not in repr(settings) and "key-1" not in repr(settings)
