"""The 意見一覧表 downloads (reports/opinion_list.py), read back: the XLSX with openpyxl and the
PDF with pypdf, each line compared with the opinions in the database."""

from __future__ import annotations

from typing import Any

import pytest
from tests.reports.conftest import pdf_text, workbook
from tests.support.committee import add_committee

from gyokaku.committee.models import CommitteeOpinion
from gyokaku.committee.services import opinion_add, opinion_reply, opinion_withdraw

pytestmark = pytest.mark.django_db

YEAR = "/plans/test-2024-2028/committee/2024/"
NUMBERS = {"1-1": "1-①", "1-2": "1-②", "2": "2"}
TITLES = {"1-1": "書かない窓口の導入", "1-2": "電子契約の導入", "2": "市民の声を市政に反映"}
DEPARTMENTS = {"1-1": "情報政策課", "1-2": "情報政策課", "2": "市民課"}


@pytest.fixture
def review(world: Any) -> Any:
    review = add_committee(world)
    dangerous = '=HYPERLINK("http://example.com","x")'
    opinion_add(review=review, node=world.node("1-2"), text=dangerous, actor=world.actor("iin-b"))
    first = CommitteeOpinion.objects.get(node__key="1-1")
    opinion_reply(opinion=first, reply="令和7年度から指標に加えます", actor=world.actor("alice"))
    gone = opinion_add(
        review=review, node=world.node("2"), text="取り下げる意見", actor=world.actor("iin-b")
    )
    opinion_withdraw(opinion=gone, withdrawn=True, actor=world.actor("carol"))
    return review


def _expected() -> list[list[str]]:
    rows = CommitteeOpinion.objects.filter(withdrawn=False).order_by("node__position", "pk")
    out = []
    for o in rows:
        key = o.node.key
        out.append([NUMBERS[key], TITLES[key], DEPARTMENTS[key], o.author_name, o.text, o.reply])
    return out


def test_it_writes_the_xlsx_as_the_database_says(review: Any, as_user: Any) -> None:
    response = as_user("iin-a").get(f"{YEAR}opinions.xlsx")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = workbook(response.content)["意見一覧表"]
    rows = [[c.value or "" for c in row] for row in sheet.iter_rows()]
    assert rows[0][0] == "2024年度（令和6年度） 委員会意見一覧表（第1回推進委員会）"
    assert "令和7年7月10日" in rows[1][0]
    assert rows[2] == ["番号", "取組名", "所管課", "委員", "意見", "対応"]
    assert rows[3:] == _expected()
    assert len(rows[3:]) == 3 and "取り下げる意見" not in str(rows)
    formula = next(c for row in sheet.iter_rows() for c in row if str(c.value).startswith("="))
    assert formula.data_type == "s"  # text, never a formula
    assert sheet.print_title_rows == "$3:$3"  # the header row on every printed page


def test_it_writes_the_pdf_as_the_database_says(review: Any, as_user: Any) -> None:
    response = as_user("carol").get(f"{YEAR}opinions.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = pdf_text(response.content).replace("\n", "")
    assert "委員会意見一覧表（第1回推進委員会）" in text
    for row in _expected():
        for value in row:
            assert value.replace("\n", "") in text, value
    assert "取り下げる意見" not in text
