"""CSV downloads of client information: one writer, which neutralises spreadsheet formulas."""

import csv
from collections.abc import Iterable, Sequence

from django.http import HttpResponse

from requests_app.web.responses import private

#: A cell starting with one of these is read as a formula by spreadsheets (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: object) -> str:
    """The value as text, with a leading quote when a spreadsheet would read it as a formula."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_response(
    *, filename: str, header: Sequence[str], rows: Iterable[Iterable[object]]
) -> HttpResponse:
    """A private CSV attachment: the header, then every row with each cell made safe."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows((csv_safe(value) for value in row) for row in rows)
    return private(response)
