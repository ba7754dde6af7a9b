# Production image of the GHNT-portaal. Not built in CI (no Docker engine there); see README "Productie".
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=ghnt_portal.settings.production

# Pango for WeasyPrint; postgresql-client for the backup/restore scripts.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 postgresql-client \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 ghnt
WORKDIR /app
COPY pyproject.toml README.md ./
COPY ghnt_portal ghnt_portal
COPY regions regions
COPY scan scan
COPY governance governance
RUN pip install --no-cache-dir .
COPY . .
# collectstatic needs a SECRET_KEY and ALLOWED_HOSTS to import the production settings; these are
# only used during the build.
RUN SECRET_KEY=build-only-not-secret ALLOWED_HOSTS=build.invalid \
    python manage.py collectstatic --noinput -v0

# Rendered PDFs are cached here (ghnt_portal.pdf_cache); mount a volume or set CACHE_REDIS_URL.
ENV PDF_CACHE_DIR=/app/var/pdf-cache
RUN mkdir -p /app/var/pdf-cache && chown -R ghnt /app/var

USER ghnt
EXPOSE 8000
# Not run here (README "Productie"): `manage.py migrate` after each release and the daily
# `manage.py housekeeping`, e.g. `docker exec <container> python manage.py housekeeping`.
CMD ["gunicorn", "--config", "gunicorn.conf.py", "ghnt_portal.wsgi"]
