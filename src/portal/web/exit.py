"""Quick exit: features register what must be forgotten when a person leaves in a hurry."""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, current_app


class ExitHooks:
    def __init__(self) -> None:
        self._hooks: list[Callable[[], None]] = []

    def register(self, hook: Callable[[], None]) -> Callable[[], None]:
        self._hooks.append(hook)
        return hook

    def run(self) -> None:
        for hook in self._hooks:
            hook()


def init_app(app: Flask) -> None:
    app.extensions["portal_exit_hooks"] = ExitHooks()


def on_exit(hook: Callable[[], None]) -> None:
    """Call inside an app context (e.g. from a feature's `init_app`)."""
    current_app.extensions["portal_exit_hooks"].register(hook)
