"""Hostile spreadsheets built in the tests: a zip bomb shaped like a real .xlsx."""
from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook

_SHEET_OPEN = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
               b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
_SHEET_CLOSE = b"</sheetData></worksheet>"


def zip_bomb_xlsx(part: str = "xl/worksheets/sheet1.xml", megabytes: int = 200) -> bytes:
    """A workbook whose `part` unpacks to `megabytes` MB of blank XML while the file stays small.

    Built from a real workbook (so the file is a valid .xlsx in every other way), with the part
    written in 1 MB chunks so that the test itself never holds the expanded text.
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Tên sản phẩm", "Chủ thể", "Họ và tên"])
    sheet.append(["Khóm", "HTX Hỏa Tiến", "Nguyễn Văn An"])
    source = io.BytesIO()
    workbook.save(source)
    target = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source.getvalue())) as original, \
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as bomb:
        for info in original.infolist():
            if info.filename != part:
                bomb.writestr(info, original.read(info.filename))
        with bomb.open(part, "w", force_zip64=True) as stream:
            stream.write(_SHEET_OPEN)
            chunk = b" " * (1024 * 1024)
            for _ in range(megabytes):
                stream.write(chunk)
            stream.write(_SHEET_CLOSE)
    return target.getvalue()
