"""ロゴ (計画の設定): the plan office uploads a PNG/JPEG/SVG; its bytes decide what it is; it
is kept under VAR_DIR/logos, served publicly with a sandbox, shown in the pages' header and on
the report cover."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gyokaku.audit.models import AuditEvent
from gyokaku.lib.progress_sink import NO_PROGRESS
from gyokaku.plans.logo import MAX_LOGO_BYTES, logo_kind
from gyokaku.plans.models import Plan
from gyokaku.reports.content import report_content
from gyokaku.reports.formats import FORMATS
from gyokaku.reports.parts import Edition

pytestmark = pytest.mark.django_db

URL = "/plans/test-2024-2028/settings/logo/"
# a 1×1 PNG
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<rect width="10" height="10" fill="#036"/></svg>'
)


@pytest.fixture(autouse=True)
def var_dir(settings: Any, tmp_path: Path) -> Path:
    settings.VAR_DIR = tmp_path
    return tmp_path


def _upload(content: bytes, name: str = "logo.png") -> dict[str, Any]:
    return {"logo": SimpleUploadedFile(name, content)}


def _plan() -> Plan:
    return Plan.objects.select_related("municipality").get(slug="test-2024-2028")


def test_the_office_uploads_a_png_shown_in_the_header_and_on_the_cover(
    world: Any, as_user: Any, var_dir: Path
) -> None:
    response = as_user("carol").post(URL, _upload(PNG, "だれかの.svg"))  # the name is not read
    assert response.status_code == 302
    plan = _plan()
    assert plan.logo.endswith(".png")
    assert (var_dir / "logos" / plan.logo).read_bytes() == PNG
    event = AuditEvent.objects.get(action="plan.settings")
    assert event.changes == {"logo": ["", plan.logo]}
    # public: served as what it is, in the header of the plan's pages
    served = as_user(None).get(f"/plans/test-2024-2028/logo/{plan.logo}")
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert served.content == PNG and served["X-Content-Type-Options"] == "nosniff"
    page = as_user(None).get("/plans/test-2024-2028/").content.decode()
    assert f'src="/plans/test-2024-2028/logo/{plan.logo}"' in page
    # the report cover embeds it
    content = report_content(plan=plan, fiscal_year=2024, edition=Edition.PUBLIC)
    html = FORMATS["html"].render(content, NO_PROGRESS).decode("utf-8")
    assert f'src="data:image/png;base64,{base64.b64encode(PNG).decode()}"' in html


def test_a_new_logo_replaces_the_file_and_remove_takes_it_away(
    world: Any, as_user: Any, var_dir: Path
) -> None:
    as_user("carol").post(URL, _upload(PNG))
    first = _plan().logo
    assert as_user("carol").post(URL, _upload(SVG, "logo.svg")).status_code == 302
    second = _plan().logo
    assert second.endswith(".svg") and not (var_dir / "logos" / first).exists()
    assert as_user(None).get(f"/plans/test-2024-2028/logo/{first}").status_code == 404
    served = as_user(None).get(f"/plans/test-2024-2028/logo/{second}")
    assert served["Content-Type"] == "image/svg+xml"
    assert "sandbox" in served["Content-Security-Policy"]
    assert as_user("carol").post(URL, {"remove": "1"}).status_code == 302
    assert _plan().logo == "" and not (var_dir / "logos" / second).exists()
    assert 'class="site-logo"' not in as_user(None).get("/plans/test-2024-2028/").content.decode()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"GIF89a....", "PNG・JPEG・SVG の画像だけをロゴにできます"),
        (b"%PDF-1.7", "PNG・JPEG・SVG の画像だけをロゴにできます"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "SVG に使えない要素があります（script）",
        ),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
            "SVG に使えない属性があります（onload）",
        ),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
            b'<image x:href="https://example.invalid/a.png"/></svg>',
            "SVG の中から外部を参照することはできません",
        ),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><style>rect{fill:url(https://x.invalid)}'
            b"</style></svg>",
            "SVG のスタイルに外部の参照やスクリプトがあります",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "y">]>'
            b'<svg xmlns="http://www.w3.org/2000/svg">&x;</svg>',
            "PNG・JPEG・SVG の画像だけをロゴにできます",
        ),
        (b"<html><body>no</body></html>", "PNG・JPEG・SVG の画像だけをロゴにできます"),
        (PNG + b"\0" * MAX_LOGO_BYTES, "ロゴは 512 KB までです"),
    ],
)
def test_it_refuses_what_is_not_a_safe_image_and_changes_nothing(
    world: Any, as_user: Any, var_dir: Path, content: bytes, message: str
) -> None:
    response = as_user("carol").post(URL, _upload(content))
    assert response.status_code == 422
    assert message in response.content.decode()
    assert _plan().logo == "" and not (var_dir / "logos").exists()
    assert not AuditEvent.objects.filter(action="plan.settings").exists()


def test_the_checks_read_the_bytes() -> None:
    assert not isinstance(logo_kind(PNG), str) and not isinstance(logo_kind(SVG), str)
    assert logo_kind(b"") == "ファイルが空です"


@pytest.mark.parametrize("who", ["alice", "dave"])
def test_other_roles_get_403(world: Any, as_user: Any, var_dir: Path, who: str) -> None:
    assert as_user(who).post(URL, _upload(PNG)).status_code == 403
    assert _plan().logo == "" and not (var_dir / "logos").exists()


def test_another_municipality_gets_404_and_a_made_up_name_too(world: Any, as_user: Any) -> None:
    assert as_user("mallory").post(URL, _upload(PNG)).status_code == 404
    assert as_user(None).get("/plans/test-2024-2028/logo/../../etc/passwd").status_code == 404
    assert as_user(None).get("/plans/test-2024-2028/logo/x.png").status_code == 404
