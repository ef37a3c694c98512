"""The portal as the benchmark serves it: the real app, plus a hello-world endpoint that goes
through the same middleware (sessions, languages, security headers, database session)."""

from portal import create_app
from portal.web.access import public_view

app = create_app()


@app.get("/bench/hello")
@public_view
def hello() -> str:
    return "Hello, World!"
