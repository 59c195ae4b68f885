"""The static export (``gyokaku publish SLUG OUTDIR``): the public site of one plan and its open
data as files that any web server or CDN can serve, from any sub-path, or opened from disk.

How it works:

1. Crawl as an anonymous visitor through Django itself (the test client; no server, no
   network), starting at ``/``, ``/plans/SLUG/`` and ``/opendata/SLUG/`` and following every
   ``href`` and ``src`` of the same site that lies under ``/plans/SLUG/`` or ``/opendata/SLUG/``
   (and the Atom feed's links). Each page is written as it arrives: a path ending in ``/`` as
   ``DIR/index.html``, any other path as it is (``opendata/SLUG/nodes.csv``). A page with a
   query string is written beside it under a name made from the query
   (``DIR/index.fy-2024.html``; a hash where the query has other characters). A redirect
   stands for its target; a page that answers anything but 200 is not written.
2. Copy every static file the pages refer to (``/static/…``, found by the static finders).
3. Rewrite every link to the same site as a relative link to the written file
   (``../nodes/1-1/index.html``), so nothing depends on the address; links to what was not
   written (login, other plans) lose their ``href``; forms and htmx attributes are removed
   (``opendata.links``). The feed's links become absolute with ``base_url`` when it is given.
4. All of this happens in a staging folder beside OUTDIR. Only when every page was written
   are the files moved into OUTDIR, files of an earlier export that are gone removed, and
   the manifest written last; an export that fails leaves OUTDIR as it was (issue 18).
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import os
import posixpath
import shutil
import tempfile
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlencode, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client, override_settings

from gyokaku.opendata import links
from gyokaku.site.views import EXPORT_HEADER

HOST = "gyokaku-export.invalid"
ORIGIN = f"http://{HOST}"
MANIFEST = ".gyokaku-publish.json"
HTML_TYPES = ("text/html",)
XML_TYPES = ("application/atom+xml", "application/xml", "text/xml", "application/rss+xml")
SAFE_QUERY = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")


class ExportError(Exception):
    pass


@dataclass
class ExportResult:
    outdir: Path
    pages: int = 0  # HTML pages
    data: int = 0  # other files from the site (open data, feed, charts)
    static: int = 0  # static files copied
    bytes: int = 0
    skipped: dict[str, str] = field(default_factory=dict)  # URL → why it was not written
    removed: int = 0  # files of an earlier export that no longer exist

    @property
    def files(self) -> int:
        return self.pages + self.data + self.static


def file_for(url: str, content_type: str) -> str:
    """Where the page at ``url`` (a path with an optional query) is written, relative to
    OUTDIR; deterministic, so the same site gives the same files. A page whose last segment
    has no suffix is a directory's ``index.html``, as a file server looks for it."""
    parts = urlsplit(url)
    path = unquote(parts.path).lstrip("/")
    head, name = posixpath.split(path)
    if not name or (_is(content_type, HTML_TYPES) and "." not in name):
        head = path.rstrip("/")
        stem, suffix = "index", ".html" if _is(content_type, HTML_TYPES) else _ext(content_type)
    else:
        stem, dot, ext = name.rpartition(".")
        stem, suffix = (stem, f".{ext}") if dot else (name, "")
    if parts.query:
        stem = f"{stem}.{query_name(parts.query)}"
    return f"{head}/{stem}{suffix}" if head else f"{stem}{suffix}"


def query_name(query: str) -> str:
    pairs = sorted(parse_qsl(query, keep_blank_values=True))
    readable = "_".join(f"{k}-{v}" if v else k for k, v in pairs)
    if readable and set(readable) <= SAFE_QUERY and len(readable) <= 80:
        return readable
    # "~" never appears in a readable name, so a hash cannot collide with one
    return "q~" + hashlib.sha256(urlencode(pairs).encode()).hexdigest()[:12]


def _is(content_type: str, kinds: tuple[str, ...]) -> bool:
    return content_type.split(";")[0].strip().lower() in kinds


def _ext(content_type: str) -> str:
    return mimetypes.guess_extension(content_type.split(";")[0].strip()) or ".bin"


class Exporter:
    def __init__(self, slug: str, outdir: Path, *, base_url: str = "", max_pages: int = 100_000):
        self.slug = slug
        self.outdir = outdir
        self.base_url = base_url.rstrip("/") + "/" if base_url else ""
        self.max_pages = max_pages
        self.scope = (f"/plans/{slug}/", f"/opendata/{slug}/")
        self.written: dict[str, str] = {}  # URL → file (relative to outdir)
        self.alias: dict[str, str] = {}  # URL that redirects → its target URL
        self.kinds: dict[str, str] = {}  # file → "html" | "xml" | "css" | "other"
        self.url_of: dict[str, str] = {}  # file → the URL it was fetched from
        self.result = ExportResult(outdir)

    # ---- phase 1: crawl and write ------------------------------------------------------------

    def run(self) -> ExportResult:
        """Crawl and rewrite into ``outdir`` (the staging folder); ``install`` moves it."""
        with override_settings(ALLOWED_HOSTS=[HOST]):
            client = Client(HTTP_HOST=HOST)
            client.defaults[EXPORT_HEADER] = self.slug  # pages leave out what needs a server
            self._crawl(client, ["/", *self.scope])
        self.url_of = {file: url for url, file in self.written.items()}
        for file, kind in self.kinds.items():
            if kind in ("html", "xml", "css"):
                self._rewrite(file, kind)
        return self.result

    def install(self, outdir: Path) -> ExportResult:
        """Move the written files into ``outdir``, remove those of an earlier export that are
        gone, and write the manifest last (its presence says the export is whole)."""
        outdir.mkdir(parents=True, exist_ok=True)
        previous = previous_files(outdir)
        for file in sorted(self.kinds):
            target = outdir / file
            if not inside(outdir, file):
                raise ValueError(f"refusing to write outside the output folder: {file!r}")
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.outdir / file, target)
        for stale in sorted(previous - set(self.kinds)):
            target = outdir / stale
            if target.is_file():
                target.unlink()
                self.result.removed += 1
        manifest = {"generator": "gyokaku publish", "plan": self.slug, "files": sorted(self.kinds)}
        (outdir / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        self.result.outdir = outdir
        return self.result

    def _crawl(self, client: Client, starts: list[str]) -> None:
        queue = deque(starts)
        seen = set(starts)
        while queue:
            url = queue.popleft()
            for found in self._visit(client, url):
                if found not in seen:
                    seen.add(found)
                    queue.append(found)

    def _visit(self, client: Client, url: str) -> list[str]:
        """Fetch ``url``, write what it answers, return the site URLs it links to."""
        if url.startswith(settings.STATIC_URL):
            return self._copy_static(url)
        if len(self.written) >= self.max_pages:
            raise ExportError(f"{self.max_pages:,} ページを超えました（--max-pages）")
        try:
            response = client.get(url)
        except Exception as exc:  # a page that fails (a 500) stops the export, saying where
            why = f"{type(exc).__name__}: {exc}"
            raise ExportError(f"{url} を書き出せませんでした（{why}）") from exc
        if response.status_code in (301, 302, 303, 307, 308):
            target = self._site_url(response["Location"], url)
            if target is None:
                self.result.skipped[url] = f"redirect to {response['Location']}"
                return []
            self.alias[url] = target
            return [target]
        if response.status_code != 200:
            self.result.skipped[url] = f"HTTP {response.status_code}"
            return []
        content_type = response.get("Content-Type", "application/octet-stream")
        content = b"".join(response) if response.streaming else response.content
        file = file_for(url, content_type)
        kind = self._kind(content_type, file, content)
        self._write(file, content, kind)
        self.written[url] = file
        if kind == "html":
            self.result.pages += 1
            found = links.html_links(content.decode("utf-8"))
        else:
            self.result.data += 1
            found = links.xml_links(content.decode("utf-8")) if kind == "xml" else []
        return [u for u in (self._site_url(v, url) for v in found) if u is not None]

    def _kind(self, content_type: str, file: str, content: bytes) -> str:
        """How the file's links are read and rewritten: html, xml, css, or other (left as it
        is, like text that is not UTF-8; our pages always are)."""
        if _is(content_type, HTML_TYPES):
            kind = "html"
        elif _is(content_type, XML_TYPES):
            kind = "xml"
        else:
            kind = "css" if file.endswith(".css") else "other"
        if kind != "other":
            try:
                content.decode("utf-8")
            except UnicodeDecodeError:
                return "other"
        return kind

    def _write(self, file: str, content: bytes, kind: str) -> None:
        if not inside(self.outdir, file):
            raise ValueError(f"refusing to write outside the output folder: {file!r}")
        target = self.outdir / file
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        self.kinds[file] = kind
        self.result.bytes += len(content)

    def _copy_static(self, url: str) -> list[str]:
        name = urlsplit(url).path[len(settings.STATIC_URL) :]
        source = finders.find(name) if name else None
        if not isinstance(source, str):
            self.result.skipped[url] = "static file not found"
            return []
        file = urlsplit(url).path.lstrip("/")
        content = Path(source).read_bytes()
        self._write(file, content, self._kind("", file, content))
        self.written[urlsplit(url).path] = file
        self.result.static += 1
        if self.kinds[file] == "css":
            found = links.css_links(content.decode("utf-8"))
            return [u for u in (self._site_url(v, url) for v in found) if u is not None]
        return []

    def _site_url(self, value: str, page: str) -> str | None:
        """The URL (path and query, no fragment) that ``value`` on ``page`` points to if it is
        one to export, else None."""
        value = value.strip()
        if not value or value.startswith(("#", "mailto:", "tel:", "data:", "javascript:")):
            return None
        absolute = urljoin(ORIGIN + page, value)
        parts = urlsplit(absolute)
        if f"{parts.scheme}://{parts.netloc}" != ORIGIN:
            return None
        path = parts.path or "/"
        if path.startswith(settings.STATIC_URL):
            return path
        if path != "/" and not path.startswith(self.scope):
            return None
        return f"{path}?{parts.query}" if parts.query else path

    # ---- phase 2: rewrite links --------------------------------------------------------------

    def _rewrite(self, file: str, kind: str) -> None:
        target = self.outdir / file
        text = target.read_text(encoding="utf-8")
        page = self.url_of.get(file, "/")
        here = posixpath.dirname(file) or "."

        def rewrite(value: str) -> str | None:
            url = self._site_url(value, page)
            if url is None:
                return None if self._is_site(value, page) else value
            for _ in range(10):  # a redirect to a redirect, …
                url = self.alias.get(url, url)
            written = self.written.get(url)
            if written is None:
                return None
            fragment = urlsplit(value).fragment
            if kind == "xml" and self.base_url:
                new = self.base_url + quote(written)
            else:
                new = quote(posixpath.relpath(written, here))
            return f"{new}#{fragment}" if fragment else new

        if kind == "html":
            new_text = links.rewrite_html(text, rewrite)
        elif kind == "xml":
            new_text = links.rewrite_xml(text, rewrite)
        else:
            new_text = links.rewrite_css(text, rewrite)
        if new_text != text:
            target.write_text(new_text, encoding="utf-8")

    def _is_site(self, value: str, page: str) -> bool:
        """A link to this site (rather than elsewhere on the web, or within the page)."""
        value = value.strip()
        if not value or value.startswith(("#", "mailto:", "tel:", "data:", "javascript:")):
            return False
        parts = urlsplit(urljoin(ORIGIN + page, value))
        return f"{parts.scheme}://{parts.netloc}" == ORIGIN


def previous_files(outdir: Path) -> set[str]:
    """The files an earlier export listed in ``outdir``'s manifest (only those inside it)."""
    manifest = outdir / MANIFEST
    if not manifest.is_file():
        return set()
    try:
        files = json.loads(manifest.read_text(encoding="utf-8")).get("files", [])
    except (ValueError, AttributeError):
        return set()
    return {f for f in files if isinstance(f, str) and inside(outdir, f)}


def inside(root: Path, file: str) -> bool:
    """A path relative to ``root`` that stays in it (a tampered manifest or a crafted URL must
    never make us write or delete anything else)."""
    if not file or file.startswith("/") or ".." in file.split("/"):
        return False
    base = root.resolve()
    return (base / file).resolve().is_relative_to(base)


def export_site(
    slug: str, outdir: Path, *, base_url: str = "", force: bool = False, max_pages: int = 100_000
) -> ExportResult:
    """Write the public site of plan ``slug`` and its open data under ``outdir``."""
    if outdir.exists() and not outdir.is_dir():
        raise ExportError(f"OUTDIR: {outdir} はディレクトリではありません")
    if outdir.is_dir() and any(outdir.iterdir()) and not force:
        raise ExportError(
            f"OUTDIR: {outdir} は空ではありません（上書きするには --force を付けてください）"
        )
    outdir.parent.mkdir(parents=True, exist_ok=True)
    # Beside OUTDIR, so that moving the files in is a rename on the same file system.
    staging = Path(tempfile.mkdtemp(prefix=f".{outdir.name}.publishing-", dir=outdir.parent))
    try:
        exporter = Exporter(slug, staging, base_url=base_url, max_pages=max_pages)
        try:
            exporter.run()
        except ExportError as exc:
            raise ExportError(f"{exc}。{outdir} は変更していません") from exc
        return exporter.install(outdir)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
