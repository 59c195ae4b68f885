"""The limits of what a progress report and a year plan hold, in one place: the services (which
every input path goes through), the staff forms and the workbook/CSV import all check these."""

from __future__ import annotations

MAX_TEXT = 10_000  # characters of one text of a report (取組実績, 課題, …) or a year plan
