"""public.links: finding and rewriting the links of exported pages."""

from __future__ import annotations

from gyokaku.opendata import links
from gyokaku.opendata.export import file_for, query_name

PAGE = """<!DOCTYPE html>
<html><head><link rel="stylesheet" href="/static/a.css">
<script src="/static/a.js" defer></script></head>
<body>
<!-- <a href="/commented/">not a link</a> -->
<a class="skip" href="#main">skip</a>
<form action="/i18n/setlang/" method="post"><input type="hidden" name="next" value="/x/">
<button type="submit">English</button><a href="/inside-form/">x</a></form>
<p>Text that says href="/not-a-link/" is not a link.</p>
<a href="/plans/p/nodes/1/" hx-get="/plans/p/nodes/1/" hx-target="#x">one &amp; two</a>
<img src="/plans/p/chart.svg?fy=2024&amp;kind=all" alt="">
<a href="https://example.com/">elsewhere</a>
<a href="/accounts/login/?next=/">ログイン</a>
<script>var s = '<a href="/in-script/">';</script>
</body></html>
"""


def test_it_finds_links_outside_forms_comments_text_and_scripts() -> None:
    assert links.html_links(PAGE) == [
        "/static/a.css",
        "/static/a.js",
        "#main",
        "/plans/p/nodes/1/",
        "/plans/p/chart.svg?fy=2024&kind=all",
        "https://example.com/",
        "/accounts/login/?next=/",
    ]


def test_it_rewrites_links_and_removes_forms_and_htmx() -> None:
    def rewrite(value: str) -> str | None:
        if value.startswith("/accounts/"):
            return None
        return value.replace("/plans/p/", "p/") if value.startswith("/plans/") else value

    out = links.rewrite_html(PAGE, rewrite)
    assert "<form" not in out and "/i18n/setlang/" not in out and "/inside-form/" not in out
    assert "hx-" not in out
    assert '<a href="p/nodes/1/">one &amp; two</a>' in out
    assert '<img src="p/chart.svg?fy=2024&amp;kind=all" alt="">' in out
    assert "<a>ログイン</a>" in out
    assert '<a href="https://example.com/">elsewhere</a>' in out
    assert '<a href="/commented/">' in out and "'<a href=\"/in-script/\">'" in out  # untouched
    assert 'href="/not-a-link/"' in out


def test_it_rewrites_the_links_of_a_feed_and_a_stylesheet() -> None:
    feed = '<feed><link href="http://h/x/" rel="alternate"/><id>urn:uuid:1</id></feed>'
    assert links.xml_links(feed) == ["http://h/x/"]
    assert links.rewrite_xml(feed, lambda v: "x/index.html") == (
        '<feed><link href="x/index.html" rel="alternate"/><id>urn:uuid:1</id></feed>'
    )
    css = "a { background: url('/static/i.svg') } b { background: url(data:x) }"
    assert links.css_links(css) == ["/static/i.svg", "data:x"]
    out = links.rewrite_css(css, lambda v: "i.svg" if v.startswith("/") else v)
    assert "url('i.svg')" in out and "url(data:x)" in out


def test_each_address_has_one_file() -> None:
    assert file_for("/", "text/html; charset=utf-8") == "index.html"
    assert file_for("/plans/p/", "text/html") == "plans/p/index.html"
    assert file_for("/opendata/p/nodes.csv", "text/csv") == "opendata/p/nodes.csv"
    assert file_for("/plans/p/?fy=2024", "text/html") == "plans/p/index.fy-2024.html"
    assert file_for("/plans/p/chart.svg?fy=2024", "image/svg+xml") == "plans/p/chart.fy-2024.svg"
    assert file_for("/plans/p/feed/", "application/atom+xml") == "plans/p/feed/index.atom"
    assert file_for("/plans/p/about", "text/html") == "plans/p/about/index.html"
    # on disk as a file server looks for it: percent-escapes decoded
    assert file_for("/plans/p/nodes/%E7%AA%93/", "text/html") == "plans/p/nodes/窓/index.html"
    # the order of the parameters does not matter; other characters give a hash
    assert query_name("b=2&a=1") == query_name("a=1&b=2") == "a-1_b-2"
    assert query_name("q=窓口").startswith("q~") and len(query_name("q=窓口")) == 14
