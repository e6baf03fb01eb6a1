"""CSV files that staff open in a spreadsheet: no cell is ever read as a formula.

A cell that starts with = + - @, a tab or a carriage return is a formula to Excel, LibreOffice and
Google Sheets (CSV injection: `=HYPERLINK(...)` in a visitor's name or e-mail). Every cell of every
export goes through `spreadsheet_cell`, which puts an apostrophe in front of those; use
`spreadsheet_writer` rather than csv.writer and no cell can be forgotten."""

import csv

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class spreadsheet_writer:  # noqa: N801 - used like csv.writer
    """csv.writer whose writerow neutralises every cell (headers included)."""

    def __init__(self, file, **options):
        self._writer = csv.writer(file, **options)

    def writerow(self, row):
        return self._writer.writerow([spreadsheet_cell(value) for value in row])

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)
