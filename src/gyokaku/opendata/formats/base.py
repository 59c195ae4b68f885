"""What an open data format is: a ``lib.formats.Format`` that writes one table's rows to bytes
and says how ``datapackage.json`` describes a file of it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from gyokaku.lib.formats import Format

if TYPE_CHECKING:
    from gyokaku.opendata.licence import Notice
    from gyokaku.opendata.tables import Table


@dataclass(frozen=True)
class OpenDataFormat(Format):
    # what the Frictionless resource of such a file says besides its name, path and schema
    resource: Mapping[str, Any] = field(compare=False)
    write: Callable[[Table, list[dict[str, Any]], Notice], bytes] = field(compare=False)
