"""What every export format is, and the registry that finds one by its code.

Three registries share this shape: plan files (``plans.formats``: dump and load), open data
(``opendata.formats``: write one table) and the annual report (``reports.formats``: render).
Each subclasses ``Format`` with its own callables and lists its instances in a ``Registry``;
a format is one small module that ends with its ``FORMAT = …(...)``.
"""

from __future__ import annotations

from collections.abc import ItemsView, Iterable, Iterator, ValuesView
from dataclasses import dataclass
from typing import Generic, TypeVar


@dataclass(frozen=True)
class Format:
    code: str  # the --format value, the URL part, the stored value: json, csv, pdf, …
    label: str  # what people read: JSON, Excel, …
    media_type: str  # the Content-Type of a file in this format
    suffix: str  # the file name's suffix, with its dot: .json


F = TypeVar("F", bound=Format)


class UnknownFormat(ValueError):
    """A code no format of the registry has; the message lists the ones there are."""

    def __init__(self, code: str, known: Iterable[str]) -> None:
        self.code = code
        self.known = tuple(known)
        super().__init__(f"unknown format {code!r}; choose from {', '.join(self.known)}")


class Registry(Generic[F]):
    """The formats of one kind by code, in the order given (the order choices are shown in).

    ``registry[code]`` raises KeyError like a dict; ``registry.get(code)`` raises UnknownFormat,
    which names the known codes. Iterating gives the codes.
    """

    def __init__(self, *formats: F) -> None:
        self._by_code: dict[str, F] = {}
        for fmt in formats:
            if fmt.code in self._by_code:
                raise ValueError(f"two formats with the code {fmt.code!r}")
            self._by_code[fmt.code] = fmt

    def get(self, code: str) -> F:
        try:
            return self._by_code[code]
        except KeyError:
            raise UnknownFormat(code, self._by_code) from None

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(self._by_code)

    def __getitem__(self, code: str) -> F:
        return self._by_code[code]

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_code)

    def __len__(self) -> int:
        return len(self._by_code)

    def values(self) -> ValuesView[F]:
        return self._by_code.values()

    def items(self) -> ItemsView[str, F]:
        return self._by_code.items()
