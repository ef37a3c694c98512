# The portal's image: one image for the app servers and the worker (compose.yaml), running the
# same commands as the Procfile. Not built in CI (no container runtime there).
FROM node:20-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error

FROM python:3.11-slim-bookworm AS build
WORKDIR /app
COPY pyproject.toml README.md wsgi.py babel.cfg gunicorn.conf.py ./
COPY src src
COPY templates templates
COPY static static
COPY translations translations
COPY --from=assets /build/node_modules/htmx.org/dist/htmx.min.js static/vendor/htmx.min.js
RUN python -m venv /venv && /venv/bin/pip install --no-cache-dir . \
 && PORTAL_PROJECT_ROOT=/app PORTAL_INSTANCE_PATH=/tmp/instance /venv/bin/flask --app wsgi translate compile

FROM python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client \
 && rm -rf /var/lib/apt/lists/* && useradd --create-home --uid 10001 portal
COPY --from=build /venv /venv
COPY --from=build --chown=portal /app /app
WORKDIR /app
ENV PATH=/venv/bin:$PATH PORTAL_PROJECT_ROOT=/app PORTAL_INSTANCE_PATH=/app/instance PYTHONUNBUFFERED=1
USER portal
EXPOSE 8001
CMD ["gunicorn", "--config", "gunicorn.conf.py", "--bind", "0.0.0.0:8001", "wsgi:app"]
