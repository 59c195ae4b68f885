"""gyokaku publish SLUG OUTDIR: the public site and open data as static files."""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management.base import CommandError
from django.test import override_settings
from tests.opendata.conftest import MARKER, PUBLISHED_TEXT, Published, file_text
from tests.support.commands import gyokaku

from gyokaku.demo.loader import demo_load
from gyokaku.demo.seed import AOMORI_SLUG
from gyokaku.opendata import links
from gyokaku.opendata.formats import FORMATS
from gyokaku.opendata.tables import TABLES

pytestmark = pytest.mark.django_db
SLUG = "test-2024-2028"


def publish(outdir: Path, *args: str, slug: str = SLUG) -> str:
    out, _ = gyokaku("publish", slug, str(outdir), *args)
    return out


def written(outdir: Path) -> set[str]:
    return {p.relative_to(outdir).as_posix() for p in outdir.rglob("*") if p.is_file()}


def broken_links(outdir: Path) -> list[str]:
    """Every link of every written page that is absolute on the site or does not lead to a
    written file (as a file server or a browser opening the files resolves it)."""
    files = written(outdir)
    broken = []
    for page in sorted(f for f in files if f.endswith(".html")):
        for value in links.html_links((outdir / page).read_text(encoding="utf-8")):
            parts = urlsplit(value)
            if parts.scheme or value.startswith("#"):
                continue  # elsewhere on the web, or within the page
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), parts.path))
            if value.startswith("/") or parts.query or target not in files:
                broken.append(f"{page}: {value}")
    return broken


def test_it_writes_the_site_with_links_that_resolve(published: Published, tmp_path: Path) -> None:
    outdir = tmp_path / "site"
    out = publish(outdir)
    files = written(outdir)
    assert "index.html" in files and f"plans/{SLUG}/index.html" in files
    assert {f"plans/{SLUG}/nodes/{key}/index.html" for key in ("1", "1-1", "1-2", "2")} <= files
    data = {f"opendata/{SLUG}/{t}.{f}" for t in TABLES for f in FORMATS}
    assert data <= files
    assert f"opendata/{SLUG}/datapackage.json" in files and f"opendata/{SLUG}/feed.atom" in files
    assert "static/gyokaku/gyokaku.css" in files
    # the 工程表, its stylesheet and its download (issue 13)
    assert {f"plans/{SLUG}/schedule/index.html", "static/gyokaku/schedule.css"} <= files
    assert f"plans/{SLUG}/schedule.xlsx" in files
    assert not any(f.startswith("plans/sapporo") for f in files)  # another plan
    assert broken_links(outdir) == []
    pages = sum(f.endswith(".html") for f in files)
    assert f"ページ {pages}、データ {len(data) + 3}、静的ファイル 5" in out


def test_a_draft_is_in_no_file_and_a_published_report_where_it_belongs(
    published: Published, tmp_path: Path
) -> None:
    outdir = tmp_path / "site"
    publish(outdir)
    texts = {f: file_text(outdir / f) for f in written(outdir)}
    assert [f for f, text in texts.items() if MARKER in text] == []
    expected = [f"opendata/{SLUG}/progress.{fmt}" for fmt in FORMATS]
    expected += [f"opendata/{SLUG}/feed.atom", f"opendata/{SLUG}/year_plans.csv"]
    expected += [f"plans/{SLUG}/nodes/1-1/index.html"]  # the public node page
    for name in expected:
        assert PUBLISHED_TEXT in texts[name], name


def test_the_pages_keep_no_forms_htmx_or_links_to_what_was_not_written(
    published: Published, tmp_path: Path
) -> None:
    outdir = tmp_path / "site"
    publish(outdir)
    home = (outdir / "index.html").read_text(encoding="utf-8")
    assert "<form" not in home and "hx-" not in home and "/accounts/login/" not in home
    assert 'href="plans/test-2024-2028/index.html"' in home
    assert 'href="static/gyokaku/gyokaku.css"' in home


def test_the_feed_links_to_the_published_site_at_base_url(
    published: Published, tmp_path: Path
) -> None:
    outdir = tmp_path / "site"
    publish(outdir, "--base-url", "https://example.jp/gyokaku")
    feed = (outdir / "opendata" / SLUG / "feed.atom").read_text(encoding="utf-8")
    assert 'href="https://example.jp/gyokaku/plans/test-2024-2028/nodes/1-1/index.html"' in feed
    assert "gyokaku-export.invalid" not in feed


def test_without_base_url_the_feed_links_are_relative(published: Published, tmp_path: Path) -> None:
    publish(tmp_path / "site")
    feed = (tmp_path / "site" / "opendata" / SLUG / "feed.atom").read_text(encoding="utf-8")
    assert 'href="../../plans/test-2024-2028/nodes/1-1/index.html"' in feed


@override_settings(ROOT_URLCONF="tests.opendata.urls_crawl")
def test_query_strings_redirects_and_htmx_endpoints_do_not_break_the_crawl(
    published: Published, tmp_path: Path
) -> None:
    outdir = tmp_path / "site"
    out, _ = gyokaku("publish", SLUG, str(outdir), "-v", "2")
    files = written(outdir)
    years = f"plans/{SLUG}/years"
    assert {f"{years}/index.html", f"{years}/index.fy-2024.html"} <= files
    assert f"{years}/index.fy-2025_view-all.html" in files
    assert broken_links(outdir) == []
    page = (outdir / years / "index.html").read_text(encoding="utf-8")
    assert 'href="index.fy-2024.html"' in page and 'href="index.fy-2024.html#top"' in page
    assert "<a>もっと見る</a>" in page  # the htmx-only fragment was not written
    home = (outdir / "index.html").read_text(encoding="utf-8")
    assert f'href="{years}/index.html">古い住所' in home  # a redirect stands for its target
    assert "<a>無い</a>" in home
    assert f"/plans/{SLUG}/fragment/  (HTTP 400)" in out and f"/plans/{SLUG}/missing/" in out


def test_it_refuses_a_non_empty_outdir_without_force(published: Published, tmp_path: Path) -> None:
    outdir = tmp_path / "site"
    outdir.mkdir()
    (outdir / "keep.txt").write_text("mine")
    with pytest.raises(CommandError, match=r"OUTDIR: .* --force"):
        publish(outdir)
    assert written(outdir) == {"keep.txt"}
    publish(outdir, "--force")
    assert "index.html" in written(outdir) and (outdir / "keep.txt").read_text() == "mine"


def test_force_removes_what_an_earlier_export_wrote_and_is_gone(
    published: Published, tmp_path: Path
) -> None:
    outdir = tmp_path / "site"
    publish(outdir)
    stale = outdir / "plans" / SLUG / "nodes" / "9" / "index.html"
    stale.parent.mkdir(parents=True)
    stale.write_text("old")
    manifest = outdir / ".gyokaku-publish.json"
    listed = json.loads(manifest.read_text())
    listed["files"].append(f"plans/{SLUG}/nodes/9/index.html")
    manifest.write_text(json.dumps(listed))
    out = publish(outdir, "--force")
    assert not stale.exists() and "1 件を削除しました" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope", "OUT"], "SLUG"),
        ([SLUG, "OUT", "--base-url", "example.jp"], "--base-url"),
        ([SLUG, "OUT", "--max-pages", "3"], "--max-pages"),
    ],
)
def test_it_says_what_is_wrong(
    published: Published, tmp_path: Path, args: list[str], message: str
) -> None:
    args = [str(tmp_path / a) if a == "OUT" else a for a in args]
    with pytest.raises(CommandError, match=message):
        gyokaku("publish", *args)


def test_a_failed_export_leaves_nothing_half_written(published: Published, tmp_path: Path) -> None:
    """The export is built beside OUTDIR and moved in at the end: a failure half way leaves
    OUTDIR as it was, no partial files and no staging folder (issue 18)."""
    outdir = tmp_path / "site"
    with pytest.raises(CommandError, match="--max-pages"):
        publish(outdir, "--max-pages", "3")
    assert not outdir.exists() or written(outdir) == set()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "site") == []
    publish(outdir)  # no --force needed: nothing was left behind
    assert (outdir / ".gyokaku-publish.json").is_file()


def test_a_failed_export_over_an_earlier_one_keeps_it(published: Published, tmp_path: Path) -> None:
    outdir = tmp_path / "site"
    publish(outdir)
    before = {f: (outdir / f).read_bytes() for f in written(outdir)}
    with pytest.raises(CommandError, match="--max-pages"):
        publish(outdir, "--force", "--max-pages", "3")
    assert {f: (outdir / f).read_bytes() for f in written(outdir)} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_it_exports_the_whole_demo_plan(db: None, tmp_path: Path) -> None:
    demo_load()
    outdir = tmp_path / "aomori"
    publish(outdir, slug=AOMORI_SLUG)
    files = written(outdir)
    nodes = [f for f in files if re.fullmatch(f"plans/{AOMORI_SLUG}/nodes/[^/]+/index.html", f)]
    assert len(nodes) == 85
    assert broken_links(outdir) == []


def test_force_never_deletes_outside_the_folder(published: Published, tmp_path: Path) -> None:
    """A tampered manifest naming files elsewhere (absolute, or climbing out) deletes nothing
    but what an earlier export wrote inside OUTDIR."""
    outside = tmp_path / "precious.txt"
    outside.write_text("keep me", encoding="utf-8")
    outdir = tmp_path / "site"
    publish(outdir)
    manifest = outdir / ".gyokaku-publish.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["files"] += [str(outside), "../precious.txt", "sub/../../precious.txt"]
    manifest.write_text(json.dumps(data), encoding="utf-8")
    publish(outdir, "--force")
    assert outside.read_text(encoding="utf-8") == "keep me"


def test_the_copy_leaves_out_what_needs_a_server(published: Published, tmp_path: Path) -> None:
    """No login, search or language forms (or their dead remains), and the landing page lists
    the exported plan only: its other plans' links would lead nowhere."""
    outdir = tmp_path / "site"
    publish(outdir)
    pages = [p for p in outdir.rglob("*.html")]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "<form" not in html, page
        assert "login-link" not in html and "/accounts/login/" not in html, page
    landing = (outdir / "index.html").read_text(encoding="utf-8")
    assert landing.count('class="plan-card__title"') == 1
    assert published.world.other_plan.municipality.name not in landing
