"""Settings for gyokaku, read from the environment.

One file, small typed helpers (as healthchecks does). Defaults run a clone with no services:
SQLite under ``var/`` in the working directory.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("GYOKAKU_VAR_DIR", Path.cwd() / "var")).resolve()


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envlist(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = envbool("GYOKAKU_DEBUG", False)
# A development key is acceptable only with DEBUG; `gyokaku serve` refuses to start without a
# real key (see cli.py), so production never runs on this value.
DEFAULT_SECRET_KEY = "gyokaku-insecure-development-key"
SECRET_KEY = os.environ.get("GYOKAKU_SECRET_KEY") or DEFAULT_SECRET_KEY
ALLOWED_HOSTS = envlist("GYOKAKU_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "axes",
    "django_htmx",
    # django-ninja's API docs page from its own static files, not from a CDN (which the
    # Content-Security-Policy would refuse, and a city's intranet may not reach).
    "ninja",
    "gyokaku.plans",
    "gyokaku.web",
    "gyokaku.accounts",
    "gyokaku.tracking",
    "gyokaku.measures",
    "gyokaku.audit",
    "gyokaku.demo",
    "gyokaku.exchange",
    "gyokaku.jobs",
    "gyokaku.reports",
    "gyokaku.site",
    "gyokaku.opendata",
    "gyokaku.notices",
    "gyokaku.attachments",
    "gyokaku.committee",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # gzip for pages, JSON, CSV and SVG (whitenoise serves static files compressed already).
    # Outside every middleware that writes a body (api_errors). Django pads each compressed
    # answer with random bytes against BREACH, and the CSRF token is masked per answer too.
    "django.middleware.gzip.GZipMiddleware",
    # Content-Security-Policy on every answer (CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    # Early, so that it sees every error answer of /api/ (a crash in any layer below too).
    "gyokaku.web.api_errors.ApiErrorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous public answers kept per data stamp, with ETag/Last-Modified and 304 (issue 16).
    # Before sessions, locale, CSRF and the rest: a kept answer skips them all (their headers
    # were kept with it when it was made by the whole stack below).
    "gyokaku.web.public_cache.PublicCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A NUL or other control character in the URL: 422/400/404 before any view (PostgreSQL
    # refuses NUL in a query); after the user is known, so the error pages are the usual ones.
    "gyokaku.web.url_text.UrlTextMiddleware",
    "gyokaku.accounts.middleware.SessionLimitsMiddleware",
    # Cache-Control: private and Vary: Authorization on answers that may carry drafts.
    "gyokaku.accounts.middleware.PrivateAnswersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Near the end, so its process_exception sees a view's failure to store first: a full or
    # read-only disk answers 503 saying so, not the generic 500.
    "gyokaku.web.storage_errors.StorageErrorsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: it turns a lockout into a response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out attempts
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/my/"
LOGOUT_REDIRECT_URL = "/"

# Sessions end after 30 minutes without a request and 12 hours after login, whichever first
# (enforced by SessionLimitsMiddleware; the cookie itself lives no longer than 12 hours).
GYOKAKU_SESSION_IDLE_SECONDS = 30 * 60
GYOKAKU_SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60
SESSION_COOKIE_AGE = GYOKAKU_SESSION_ABSOLUTE_SECONDS

# Repeated failed logins: 5 failures for one user name from one address lock it for 15 min,
# and 30 failures from one address for any user names (password spraying) lock the address
# (accounts/throttle.py says why this is not a second AXES_LOCKOUT_PARAMETERS entry).
AXES_HANDLER = "gyokaku.accounts.throttle.LoginThrottle"
AXES_FAILURE_LIMIT = 5
GYOKAKU_LOGIN_FAILURES_PER_ADDRESS = 30
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "gyokaku.accounts.views.locked_out"

# Mail (notices/): SMTP when GYOKAKU_SMTP_HOST is set, else printed to the console (a clone
# sends nothing by accident). GYOKAKU_SMTP_TLS=1 for STARTTLS; the sender as staff expect it.
EMAIL_HOST = os.environ.get("GYOKAKU_SMTP_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(os.environ.get("GYOKAKU_SMTP_PORT") or 25)
EMAIL_HOST_USER = os.environ.get("GYOKAKU_SMTP_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("GYOKAKU_SMTP_PASSWORD", "")
EMAIL_USE_TLS = envbool("GYOKAKU_SMTP_TLS", False)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("GYOKAKU_MAIL_FROM", "gyokaku@localhost")
# The address of the site in mails (links to the item pages).
GYOKAKU_SITE_URL = os.environ.get("GYOKAKU_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Days before a round's deadline when departments with unsubmitted items are reminded.
GYOKAKU_REMIND_DAYS = int(os.environ.get("GYOKAKU_REMIND_DAYS") or 3)

ROOT_URLCONF = "gyokaku.urls"
WSGI_APPLICATION = "gyokaku.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gyokaku.demo.context_processors.sample_data",
            ],
        },
    },
]


SQLITE_ENGINE = "django.db.backends.sqlite3"
# Every SQLite database gets these, however it is named (unset DATABASE_URL or sqlite:///…):
# WAL lets readers go on while one writer writes; IMMEDIATE takes the write lock at BEGIN so
# two writers queue on the busy timeout (seconds) instead of failing mid-way with "database is
# locked". The server, the worker and every command read them from here, so they all wait alike.
SQLITE_OPTIONS: dict[str, Any] = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}


# Connections kept open between requests (seconds; Django's CONN_MAX_AGE), each checked before
# it is used again (CONN_HEALTH_CHECKS), so a server restart of PostgreSQL costs one retry, not
# an error. Opening a SQLite connection runs the PRAGMAs above each time: with one connection
# per request that was a large part of a kept public answer (docs/performance.md). Each server
# thread keeps its own connection (PostgreSQL: mind max_connections, docs/operations.md).
SQLITE_CONN_MAX_AGE = 600
POSTGRESQL_CONN_MAX_AGE = 60


def database_config() -> dict[str, Any]:
    url = os.environ.get("DATABASE_URL")
    if url:
        config: dict[str, Any] = dict(
            dj_database_url.parse(
                url, conn_max_age=POSTGRESQL_CONN_MAX_AGE, conn_health_checks=True
            )
        )
    else:
        # var/ is created by the `gyokaku` command (cli.py), not here: importing settings must
        # not write to disk, so that `gyokaku plan parse` touches nothing.
        config = {"ENGINE": SQLITE_ENGINE, "NAME": VAR_DIR / "gyokaku.sqlite3"}
    if config["ENGINE"] == SQLITE_ENGINE:
        # Options given in the URL's query string (?timeout=60) win over ours.
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
        config["CONN_MAX_AGE"] = SQLITE_CONN_MAX_AGE
        config["CONN_HEALTH_CHECKS"] = True
    return config


DATABASES = {"default": database_config()}


def cache_config(value: str) -> dict[str, Any]:
    """``GYOKAKU_CACHE``: empty or ``locmem`` keeps kept answers in each process's memory;
    ``database`` shares them between processes through a table of the database (create it once
    with ``gyokaku createcachetable``); ``redis://host:6379/0`` uses Redis (install ``redis``)."""
    value = value.strip()
    if value in ("", "locmem"):
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "gyokaku"}
    if value == "database":
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "gyokaku_cache",
        }
    if value.startswith(("redis://", "rediss://", "unix://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": value}
    raise ImproperlyConfigured(
        f"GYOKAKU_CACHE={value!r}: use locmem, database or a redis:// URL / "
        "GYOKAKU_CACHE は locmem・database・redis:// のいずれかです"
    )


# Public answers and open data files are kept here (web/public_cache.py, opendata/package.py).
CACHES = {"default": cache_config(os.environ.get("GYOKAKU_CACHE", ""))}


def remake_behind(value: str) -> float | None:
    """``GYOKAKU_PUBLIC_REMAKE_BEHIND``: seconds (a number ≥ 0), or off."""
    value = value.strip()
    if value.lower() in ("", "off"):
        return None
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not seconds >= 0:
        raise ImproperlyConfigured(
            f"GYOKAKU_PUBLIC_REMAKE_BEHIND={value!r}: give seconds (e.g. 0.3) or off / "
            "GYOKAKU_PUBLIC_REMAKE_BEHIND は秒数（例 0.3）か off です"
        )
    return seconds


DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Long work (annual reports, large uploads) runs as background tasks kept in the database, so no
# broker is needed: `gyokaku serve` and `gyokaku run` start a worker beside the web server, and
# `gyokaku worker` runs one alone (as many as you like, on any machine that reaches the database).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# No collectstatic step: WhiteNoise serves straight from the app directories (finders), so
# `gyokaku serve` works on a fresh clone. Set STATIC_ROOT only if you deploy behind a CDN.
STATIC_ROOT = os.environ.get("GYOKAKU_STATIC_ROOT") or None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_HTTPONLY = True
# Behind HTTPS (as production should be), set GYOKAKU_SECURE_COOKIES=1.
SESSION_COOKIE_SECURE = envbool("GYOKAKU_SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# HTTPS in production (README's production settings make `gyokaku check --deploy` report none).
# Off by default: `make run` and the tests speak plain HTTP on localhost, and an HSTS header
# sent by mistake to a browser pins a host to HTTPS for as long as it says.
SECURE_HSTS_SECONDS = int(os.environ.get("GYOKAKU_HSTS_SECONDS") or 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("GYOKAKU_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = envbool("GYOKAKU_HSTS_PRELOAD", False)
SECURE_SSL_REDIRECT = envbool("GYOKAKU_SSL_REDIRECT", False)
# The address of the reverse proxy that ends TLS in front of us (nginx, a load balancer). Only
# its X-Forwarded-Proto and X-Forwarded-For are believed: `gyokaku serve` tells its server to
# trust that one peer and drop these headers from anyone else (web/proxy_trust.py), so Django
# sees the request as HTTPS and django-axes counts failed logins by the real client's address.
TLS_PROXY = os.environ.get("GYOKAKU_TLS_PROXY", "").strip()
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TLS_PROXY else None
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp 4): our own files only, no inline script or style, no
# eval. Pages load gyokaku.css, gyokaku.js and htmx from /static/; charts are inline SVG with
# presentation attributes, not style="" (measures/charts.py); htmx is told not to insert its
# indicator <style> (htmx-config in base.html). The API docs page adds data: images
# (gyokaku/api.py). The browser tests fail on any violation (tests/browser/conftest.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("GYOKAKU_LOG_LEVEL", "WARNING")},
}

# Plan structure limits that protect pages and imports.
GYOKAKU_MAX_PLAN_NODES = 20_000

# 根拠資料 (attachments/): the largest file, and an optional virus scanner run on each one
# (its command line; the file's path is added as the last argument; exit 0 = clean).
GYOKAKU_ATTACHMENT_MAX_BYTES = int(os.environ.get("GYOKAKU_ATTACHMENT_MAX_MB") or 10) * 1024 * 1024
GYOKAKU_SCAN_COMMAND = os.environ.get("GYOKAKU_SCAN_COMMAND", "")

# Kept public answers (web/public_cache.py) that took longer than this many seconds to make are
# made again in the background after a change, while every reader (the first one too) gets the
# answer before the change meanwhile; quicker ones are made by the first reader, as fresh as can
# be. "off" (or empty): always by the first reader.
GYOKAKU_PUBLIC_REMAKE_BEHIND = remake_behind(os.environ.get("GYOKAKU_PUBLIC_REMAKE_BEHIND", "0.3"))

# The annual report's PDF (reports/formats/pdf.py) is typeset in parts, each by WeasyPrint on
# its own, by this many spawned processes (1: one after the other in the worker's process):
# memory is bounded by a part, the cores share the work. The parts' sizes: rows of the 総括表,
# 個票 (one item each).
GYOKAKU_REPORT_PDF_PROCESSES = int(os.environ.get("GYOKAKU_REPORT_PDF_PROCESSES") or 2)
GYOKAKU_REPORT_PDF_TABLE_ROWS = 150
GYOKAKU_REPORT_PDF_SHEETS = 25
