"""The home page lists what a person can do; each feature adds its own action."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app, url_for

from portal.web.templating import register_template_helpers


@dataclass(frozen=True)
class HomeAction:
    endpoint: str
    title: str  # lazy strings, translated when the page renders
    description: str
    order: int

    @property
    def url(self) -> str:
        return url_for(self.endpoint)


def add_home_action(app: Flask, action: HomeAction) -> None:
    app.extensions.setdefault("portal_home_actions", []).append(action)


def home_actions() -> list[HomeAction]:
    return sorted(current_app.extensions.get("portal_home_actions", []), key=lambda action: action.order)


def init_app(app: Flask) -> None:
    app.extensions.setdefault("portal_home_actions", [])
    register_template_helpers(app, globals={"home_actions": home_actions})
