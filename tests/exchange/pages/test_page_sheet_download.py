"""/plans/{slug}/sheet/{fy}/download/: the workbook or CSV of a year, per role."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from urllib.parse import unquote

import pytest
from openpyxl import load_workbook
from tests.exchange.pages.conftest import PLAN, SHEET
from tests.support.world import StaffClient

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOWNLOAD = f"{SHEET}2024/download/"
Login = Callable[[str | None], StaffClient]


def keys_in(content: bytes) -> list[str]:
    ws = load_workbook(io.BytesIO(content), read_only=True)["進捗"]
    return [row[0] for row in ws.iter_rows(min_row=2, values_only=True) if row[0]]


def test_it_gives_an_editor_the_workbook_of_their_department(as_user: Login) -> None:
    response = as_user("alice").get(DOWNLOAD)
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="gyokaku-test-2024-2028-2024-dx.xlsx"; ')
    utf8_name = unquote(disposition.split("filename*=UTF-8''")[1])
    assert utf8_name == "テスト行財政改革プラン_2024年度（令和6年度）_進捗_dx.xlsx"
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert keys_in(response.content) == ["1-1", "1-2"]


def test_it_gives_the_plan_office_every_department_or_the_one_chosen(as_user: Login) -> None:
    carol = as_user("carol")
    assert keys_in(carol.get(DOWNLOAD).content) == ["1-1", "1-2", "2"]
    response = carol.get(DOWNLOAD + "?department=shimin")
    assert keys_in(response.content) == ["2"]
    assert 'filename="gyokaku-test-2024-2028-2024-shimin.xlsx"' in response["Content-Disposition"]


@pytest.mark.parametrize("name", ["dave", "erin", "bob"])
def test_it_lets_every_internal_reader_download(as_user: Login, name: str) -> None:
    response = as_user(name).get(DOWNLOAD)
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert keys_in(response.content)


@pytest.mark.parametrize(
    ("encoding", "codec", "charset"),
    [("utf-8", "utf-8-sig", "utf-8"), ("cp932", "cp932", "Shift_JIS")],
)
def test_it_gives_a_csv_in_the_encoding_chosen(
    as_user: Login, encoding: str, codec: str, charset: str
) -> None:
    response = as_user("carol").get(DOWNLOAD + f"?format=csv&encoding={encoding}")
    assert response.status_code == 200
    assert response["Content-Type"] == f"text/csv; charset={charset}"
    assert 'filename="gyokaku-test-2024-2028-2024.csv"' in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf") == (codec == "utf-8-sig")
    rows = list(csv.reader(io.StringIO(response.content.decode(codec))))
    assert rows[0][0] == "キー" and [r[0] for r in rows[1:]] == ["1-1", "1-2", "2"]


@pytest.mark.parametrize(
    ("sheet", "suffix", "name", "version"),
    [
        ("progress", "", "進捗", "_version_year_plan"),
        ("indicators", "-indicators", "指標", "_version_indicators"),
        ("effects", "-effects", "財政効果", "_version_effects"),
    ],
)
def test_it_gives_the_csv_of_the_sheet_chosen(
    as_user: Login, sheet: str, suffix: str, name: str, version: str
) -> None:
    response = as_user("alice").get(DOWNLOAD + f"?format=csv&encoding=cp932&sheet={sheet}")
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert f'filename="gyokaku-test-2024-2028-2024{suffix}-dx.csv"' in disposition
    utf8_name = unquote(disposition.split("filename*=UTF-8''")[1])
    assert utf8_name == f"テスト行財政改革プラン_2024年度（令和6年度）_{name}_dx.csv"
    rows = list(csv.reader(io.StringIO(response.content.decode("cp932"))))
    assert rows[0][0] == "キー" and rows[0][-1] == version


def test_the_page_form_leads_to_the_file(as_user: Login) -> None:
    response = as_user("alice").get(f"{SHEET}download/?fy=2024&format=csv&department=dx")
    assert response.status_code == 302
    assert response["Location"] == DOWNLOAD + "?format=csv&department=dx"


def test_it_sends_anonymous_people_to_the_login_page(as_user: Login) -> None:
    response = as_user(None).get(DOWNLOAD)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_it_hides_another_municipalitys_plan(as_user: Login) -> None:
    assert as_user("mallory").get(DOWNLOAD).status_code == 404
    assert as_user("alice").get("/plans/sapporo-2025-2029/sheet/2025/download/").status_code == 404


@pytest.mark.parametrize(
    "query", ["?format=pdf", "?encoding=latin-1", "?department=nope", "?format=csv&sheet=budget"]
)
def test_it_refuses_bad_choices(as_user: Login, query: str) -> None:
    response = as_user("carol").get(DOWNLOAD + query)
    assert response.status_code == 422
    assert "ダウンロードできませんでした" in response.content.decode()


def test_it_refuses_a_year_outside_the_plan(as_user: Login) -> None:
    response = as_user("carol").get(f"{SHEET}2030/download/")
    assert response.status_code == 422


def test_the_page_offers_download_and_upload_by_role(as_user: Login) -> None:
    page = as_user("alice").get(SHEET + "?fy=2024").content.decode()
    assert 'action="/plans/test-2024-2028/sheet/download/"' in page
    assert 'value="dx" id="id_department_0" checked' in page  # an editor's own department
    assert 'name="sheet" value="indicators"' in page and 'name="sheet" value="effects"' in page
    assert 'enctype="multipart/form-data"' in page
    viewer_page = as_user("dave").get(SHEET).content.decode()
    assert "ダウンロード" in viewer_page and 'enctype="multipart/form-data"' not in viewer_page


def test_my_page_and_the_review_queue_link_to_it(as_user: Login) -> None:
    link = f'href="{SHEET}?fy=2024"'
    assert link in as_user("alice").get("/my/").content.decode()
    assert f'href="{SHEET}"' in as_user("carol").get(f"{PLAN}/review/").content.decode()
