"""The pages of an API list, read without reading the list whole.

A list comes a page at a time (``Pages``): ``page`` from 1 to ``MAX_PAGE``, ``page_size`` from 1
to ``MAX_PAGE_SIZE``; anything else is a 422 that names the parameter.

ninja's ``PageNumberPagination`` slices what an operation returns and counts it (``count()`` on
a QuerySet, else ``len``). A ``Paged`` is a sequence over a QuerySet whose slice is read and
shaped on demand — ``shape`` receives the rows of one page at once, so it can load what they
need in one more query (the year plans of a page of reports, say) — and whose length is the
QuerySet's ``count()``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, Generic, TypeVar, overload

from django.db.models import Model, QuerySet
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

M = TypeVar("M", bound=Model)
Out = TypeVar("Out")


class Paged(Sequence[Out], Generic[M, Out]):
    def __init__(self, rows: QuerySet[M], shape: Callable[[list[M]], list[Out]]) -> None:
        self._rows = rows
        self._shape = shape
        self._count: int | None = None

    def __len__(self) -> int:
        if self._count is None:
            self._count = self._rows.count()
        return self._count

    @overload
    def __getitem__(self, index: int) -> Out: ...

    @overload
    def __getitem__(self, index: slice) -> list[Out]: ...

    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, int):
            return self[index : index + 1][0]
        return self._shape(list(self._rows[index]))

    def __iter__(self) -> Iterator[Out]:
        return iter(self[0 : len(self)])


PAGE_SIZE = 50
MAX_PAGE_SIZE = 100
# A bound, so that (page - 1) × page_size always fits the databases' 64-bit OFFSET: ninja
# multiplies without one, and page=9223372036854775807 was a 500 on both.
MAX_PAGE = 1_000_000


class Pages(PageNumberPagination):
    """ninja's page-number pagination with both parameters bounded (and so declared in the
    OpenAPI document); a ``page_size`` over the maximum is refused, not silently cut."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="page number, from 1")
        page_size: int | None = Field(
            None, ge=1, le=MAX_PAGE_SIZE, description=f"items a page ({PAGE_SIZE} if not sent)"
        )

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE, **kwargs)
