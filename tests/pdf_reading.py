"""Reading a PDF back in tests: its text (NFC, whitespace collapsed), its fonts and its images."""
from __future__ import annotations

import io
import re
import unicodedata

from fontTools.ttLib import TTFont
from pypdf import PdfReader


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text, NFC-normalised and with whitespace collapsed."""
    return [re.sub(r"\s+", " ", nfc(page.extract_text())) for page in PdfReader(io.BytesIO(pdf)).pages]


def text_of(pdf: bytes) -> str:
    return " ".join(page_texts(pdf))


def fonts_of(pdf: bytes) -> list[dict]:
    """Every font used on any page: its PDF name, whether its file is embedded, and the file's own names."""
    found = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            stream_key = next((k for k in ("/FontFile2", "/FontFile3", "/FontFile") if k in descriptor), None)
            info = {"base_font": str(font["/BaseFont"]), "embedded": stream_key in ("/FontFile2", "/FontFile3")}
            if stream_key:
                ttf = TTFont(io.BytesIO(descriptor[stream_key].get_object().get_data()))
                info["postscript_name"] = ttf["name"].getDebugName(6)
                info["version"] = ttf["name"].getDebugName(5)
            found[info["base_font"]] = info
    return list(found.values())


def image_count(pdf: bytes) -> int:
    """How many image XObjects the pages draw (looking inside form XObjects too)."""
    seen = set()

    def walk(resources):
        xobjects = resources.get("/XObject") if resources else None
        for ref in (xobjects or {}).values():
            obj = ref.get_object()
            key = id(obj) if not hasattr(ref, "idnum") else ref.idnum
            if key in seen:
                continue
            seen.add(key)
            if obj.get("/Subtype") == "/Image":
                images.add(key)
            elif obj.get("/Subtype") == "/Form":
                walk(obj.get("/Resources"))

    images: set = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        walk(page.get("/Resources"))
    return len(images)
