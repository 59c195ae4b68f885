from __future__ import annotations

from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The site: pages and API answers that combine the plan with its tracking data and
    measures (public plan and node pages, changes, search, the plan and node API), and the
    production server (``gyokaku serve``)."""

    name = "gyokaku.site"
    label = "site"
    verbose_name = "公開サイトと計画の閲覧"
