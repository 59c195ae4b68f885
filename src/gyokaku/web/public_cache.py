"""Public answers kept until the data changes (公開ページのキャッシュ): ETag, Last-Modified, 304.

On the day results are published, the local press and many citizens read the same few pages at
once. Every public page and public API answer is a pure function of the data the public may
read, the address, the language and (for the default fiscal year) the date. Every write to that
data records an audit event (the house rule the fault suite checks), so the newest audit event
is a stamp of "the data as it is now": one indexed query. Events of writes no anonymous reader
can see (a draft saved, submitted or approved, a sign-in: ``audit.models.PRIVATE_ACTIONS``) are
left out, so a busy round of drafting does not empty the kept answers. An answer is kept in
Django's cache under a key made of the stamp, the address (with host), the language, the htmx
headers and today's date, so it is rebuilt only after a write the public can see (a
publication, a revision, any other change) — no invalidation list has to be kept in step with
writers, and a new kind of write counts as public until it is named private.

When the stamp has moved and many readers ask for the same answer at once (the minutes after a
publication), one request per process rebuilds it (single flight); the others are served the
answer before the change meanwhile, with its own older ETag, rather than all rebuilding the same
page at once. With no earlier answer to serve, they wait for the one being made (up to
``WAIT_SECONDS``). An answer that took long to make (more than
``settings.GYOKAKU_PUBLIC_REMAKE_BEHIND`` seconds: the whole tree of a plan of thousands of nodes)
is made again in a background thread, and the reader who found it stale is served the one before
too, so that no reader waits for it; a quick one is made by that first reader, fresh at once.

Each kept answer carries an ``ETag`` (its own, when the view set one, as open data does) and
``Last-Modified`` (the time of the stamp); a client that sends the ETag back gets ``304 Not
Modified`` without a body. ``Cache-Control: no-cache`` makes browsers and proxies ask again
each time, so a publication shows at once.

Only anonymous reads are kept: a request with credentials (a session cookie, an Authorization
header) or a message waiting for its reader goes straight through, because its answer may carry
drafts or personal things. An answer that sets a cookie, used a CSRF token, or says it is
private or not to be stored is never kept (BREACH and CSRF: a token is never shared).

The cache is Django's (``CACHES``): local memory per process by default; several server
processes share one with ``GYOKAKU_CACHE`` (see settings and docs/performance.md).
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import re
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.core.handlers.wsgi import WSGIRequest
from django.db import connection, connections
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.dateparse import parse_datetime
from django.utils.http import http_date
from django.utils.translation import get_language_from_request

Handler = Callable[[HttpRequest], HttpResponseBase]
logger = logging.getLogger(__name__)

# Addresses whose anonymous answers depend on the public data only (and the address, language,
# date). Staff-only pages below /plans/ answer anonymous callers with a redirect to the login
# page, which is never kept (only 200 answers are).
PUBLIC_PREFIXES = ("/plans/", "/api/v1/plans", "/api/v1/rollups/")
PUBLIC_EXACT = ("/",)
# Open data files (not their index, which shows the sizes of the files made so far): a file is
# made from every row of its table, seconds for a 5,000-node plan, so it is kept per stamp too.
PUBLIC_FILES = re.compile(r"^/opendata/[-a-zA-Z0-9_]+/[a-z_]+\.(?:csv|json|xlsx)$")
# The headers an answer may depend on besides the address (htmx asks for a part of a page).
KEY_HEADERS = ("HX-Request", "HX-History-Restore-Request", "HX-Target")
# Header of the static export (site/views.py EXPORT_HEADER): those pages are made once, apart.
EXPORT_META = "HTTP_X_GYOKAKU_EXPORT"
# Kept answers expire anyway after a day (the key holds the date too).
KEEP_SECONDS = 24 * 60 * 60
KEY_PREFIX = "gyokaku.public:"
# Bump when what a kept answer holds changes shape.
ENTRY_VERSION = 4
# Kept answers for a client that accepts gzip are kept compressed, so that a big page is
# compressed once per data stamp instead of once per reader (GZipMiddleware leaves an answer
# that already has a Content-Encoding alone). No random padding: a public answer holds no
# secret for BREACH to find (answers with a CSRF token or a session are never kept).
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
GZIP_MIN_BYTES = 200  # as GZipMiddleware: smaller answers are sent as they are
# Single flight: how long a reader waits for the answer another request of this process is
# making, when there is no earlier answer to serve meanwhile.
WAIT_SECONDS = 10.0
LATEST = "latest"  # the key part that stands for "any stamp": the newest answer kept


class _Flights:
    """The answers being made in this process, by key: the first request makes it, the others
    learn of it here."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._making: dict[str, threading.Event] = {}

    def join(self, key: str) -> threading.Event | None:
        """None: the caller makes the answer (and must ``land`` it); else the event to wait on."""
        with self._lock:
            event = self._making.get(key)
            if event is None:
                self._making[key] = threading.Event()
            return event

    def land(self, key: str) -> None:
        with self._lock:
            event = self._making.pop(key, None)
        if event is not None:
            event.set()


FLIGHTS = _Flights()


def start_behind(work: Callable[[], None]) -> None:
    """Run ``work`` (making an answer) in a background thread of this process, which closes
    its own database connections when done."""

    def run() -> None:
        try:
            work()
        finally:
            connections.close_all()  # this thread's own connections

    threading.Thread(target=run, name="gyokaku-public-remake", daemon=True).start()


def data_stamp() -> tuple[int, datetime | None]:
    """The newest public audit event (id, time): it changes with every write the public may
    see.

    Plain SQL on the (public, id) index: the ORM's query building cost more than the rest of
    serving a kept answer."""
    from gyokaku.audit.models import AuditEvent  # apps are ready when a request comes

    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, at FROM {table} WHERE public ORDER BY id DESC LIMIT 1")
        row = cursor.fetchone()
    if row is None:
        return 0, None
    at = parse_datetime(row[1]) if isinstance(row[1], str) else row[1]
    if at is not None and timezone.is_naive(at):
        at = at.replace(tzinfo=UTC)  # SQLite keeps UTC without the zone
    return int(row[0]), at


def is_public_read(request: HttpRequest) -> bool:
    """An anonymous GET/HEAD of a public address, with nothing personal about it."""
    if request.method not in ("GET", "HEAD"):
        return False
    path = request.path_info
    if not (path in PUBLIC_EXACT or path.startswith(PUBLIC_PREFIXES) or PUBLIC_FILES.match(path)):
        return False
    if EXPORT_META in request.META or "Authorization" in request.headers:
        return False
    try:
        request.get_host()
    except DisallowedHost:
        return False  # answered 400 further in, in the reader's language (CommonMiddleware)
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and CookieStorage.cookie_name not in cookies


def accepts_gzip(request: HttpRequest) -> bool:
    return bool(ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")))


def answer_key(request: HttpRequest, stamp: int | str) -> str:
    parts = [
        "gzip" if accepts_gzip(request) else "identity",
        str(ENTRY_VERSION),
        str(stamp),
        timezone.localdate().isoformat(),
        get_language_from_request(request),  # as LocaleMiddleware below will choose it
        request.scheme or "",  # absolute links (feeds, canonical addresses) name the host
        request.get_host(),
        request.get_full_path(),
        *(f"{name}={request.headers.get(name, '')}" for name in KEY_HEADERS),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def may_keep(request: HttpRequest, response: HttpResponseBase) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.method != "GET" or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False  # the page holds a CSRF token: one per reader, never shared
    control = response.get("Cache-Control", "")
    return "private" not in control and "no-store" not in control


def compress(response: HttpResponse) -> None:
    """The answer's body gzipped in place, as GZipMiddleware would, without its padding."""
    patch_vary_headers(response, ("Accept-Encoding",))
    if len(response.content) < GZIP_MIN_BYTES or response.has_header("Content-Encoding"):
        return
    packed = gzip.compress(response.content, compresslevel=6, mtime=0)
    if len(packed) >= len(response.content):
        return
    response.content = packed
    response["Content-Length"] = str(len(packed))
    response["Content-Encoding"] = "gzip"
    etag = response.get("ETag", "")
    if etag.startswith('"'):  # the view's own ETag names the bytes before compression
        response["ETag"] = "W/" + etag


def _entry(response: HttpResponse, cost: float) -> dict[str, Any]:
    """What is kept of an answer; ``cost``: the seconds it took to make."""
    return {
        "content": response.content,
        "headers": dict(response.items()),
        "modified": None,
        "cost": cost,
    }


def remade_behind(entry: dict[str, Any]) -> bool:
    """Whether the answer after ``entry`` (the one before a change) is made in the background:
    ``entry`` took longer than ``GYOKAKU_PUBLIC_REMAKE_BEHIND`` to make."""
    limit = getattr(settings, "GYOKAKU_PUBLIC_REMAKE_BEHIND", None)
    return limit is not None and float(entry.get("cost", 0.0)) > limit


def _answer(entry: dict[str, Any]) -> HttpResponse:
    response = HttpResponse(entry["content"])
    for name, value in entry["headers"].items():
        response[name] = value
    return response


class PublicCacheMiddleware:
    """Keeps anonymous public answers per data stamp and answers 304 to a matching ETag."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not is_public_read(request):
            return self.get_response(request)
        stamp, at = data_stamp()
        key = KEY_PREFIX + answer_key(request, stamp)
        entry = cache.get(key)
        if entry is None:
            made = self._make_once(request, key, at)
            if isinstance(made, dict):
                entry = made
            else:
                return made  # not to be kept: as it is
        response = _answer(entry)
        modified = entry.get("modified")
        answer = get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=int(modified) if modified is not None else None,
            response=response,
        )
        return answer if answer is not None else response

    def _make_once(
        self, request: HttpRequest, key: str, at: datetime | None
    ) -> dict[str, Any] | HttpResponseBase:
        """The kept entry for ``key``, made by this request or by the one already making it
        (then the newest earlier answer of the address is served meanwhile, if there is one);
        an answer that may not be kept is returned as it is."""
        latest = KEY_PREFIX + answer_key(request, LATEST)
        waiting = FLIGHTS.join(key)
        if waiting is not None:
            earlier = cache.get(latest)
            if earlier is not None:
                return dict(earlier)
            waiting.wait(WAIT_SECONDS)
            entry = cache.get(key)
            if entry is not None:
                return dict(entry)
            return self._make(request, key, latest, at)  # the other request failed or is slow
        handed_on = False  # to the background thread, which lands the flight
        try:
            earlier = cache.get(latest)
            if earlier is not None and remade_behind(earlier) and isinstance(request, WSGIRequest):
                # a request of its own (this one's attributes belong to this reader's thread)
                behind = WSGIRequest(dict(request.environ))
                start_behind(lambda: self._make_behind(behind, key, latest, at))
                handed_on = True
                return dict(earlier)
            entry = cache.get(key)  # made by a request that landed just before this one joined
            return dict(entry) if entry is not None else self._make(request, key, latest, at)
        finally:
            if not handed_on:
                FLIGHTS.land(key)

    def _make_behind(
        self, request: HttpRequest, key: str, latest: str, at: datetime | None
    ) -> None:
        """``_make`` in a background thread; readers get the answer before it meanwhile."""
        try:
            if cache.get(key) is None:
                self._make(request, key, latest, at)
        except Exception:  # the next reader tries again; this one has had its answer
            logger.exception("public answer for %s not made", request.path)
        finally:
            FLIGHTS.land(key)

    def _make(
        self, request: HttpRequest, key: str, latest: str, at: datetime | None
    ) -> dict[str, Any] | HttpResponseBase:
        started = time.perf_counter()
        made = self.get_response(request)
        cost = time.perf_counter() - started
        if not (isinstance(made, HttpResponse) and may_keep(request, made)):
            # the address no longer answers a page to keep (an item a revision removed, a 404):
            # the answer before it must not be served to readers who wait meanwhile
            cache.delete(latest)
            return made
        response = made
        if not response.has_header("ETag"):
            response["ETag"] = f'"p{key[len(KEY_PREFIX) : len(KEY_PREFIX) + 32]}"'
        if at is not None and not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date(at.timestamp())
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, no_cache=True)
        if accepts_gzip(request):
            compress(response)
        entry = _entry(response, cost)
        entry["modified"] = at.timestamp() if at is not None else None
        cache.set_many({key: entry, latest: entry}, KEEP_SECONDS)
        return entry
