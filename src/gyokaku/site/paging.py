"""Lists the API pages through with ninja's pagination without reading them whole.

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
