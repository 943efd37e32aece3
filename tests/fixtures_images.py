"""Test files made on the fly: images with Pillow, a small PDF, and hostile files."""
from __future__ import annotations

import io
import struct
import zlib

from PIL import Image


def image_bytes(width: int, height: int, fmt: str = "PNG", mode: str = "RGB", **save_options) -> bytes:
    """A picture (a red square on white) of the given size, encoded as `fmt`."""
    image = Image.new(mode, (width, height), "white" if mode != "1" else 1)
    if mode in ("RGB", "RGBA"):
        image.paste((200, 30, 30), (width // 4, height // 4, max(width // 4 + 1, 3 * width // 4),
                                    max(height // 4 + 1, 3 * height // 4)))
    out = io.BytesIO()
    image.save(out, format=fmt, **save_options)
    return out.getvalue()


def png_bytes(width: int = 600, height: int = 400, **kwargs) -> bytes:
    return image_bytes(width, height, "PNG", **kwargs)


def jpeg_bytes(width: int = 600, height: int = 400, **kwargs) -> bytes:
    return image_bytes(width, height, "JPEG", quality=85, **kwargs)


def gif_bytes(width: int = 600, height: int = 400) -> bytes:
    return image_bytes(width, height, "GIF", mode="P")


def jpeg_rotated_bytes(width: int, height: int, orientation: int = 6) -> bytes:
    """A JPEG stored width × height whose EXIF says to turn it a quarter (as phones do)."""
    exif = Image.Exif()
    exif[0x0112] = orientation
    return image_bytes(width, height, "JPEG", exif=exif.tobytes())


def _chunk(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def png_claiming_size(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width × height pixels (a decompression bomb's header)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + _chunk(b"IEND", b"")
    )


def png_bomb(width: int = 7000, height: int = 7000) -> bytes:
    """A real, valid PNG of many pixels that compresses to a few kilobytes."""
    out = io.BytesIO()
    Image.new("1", (width, height), 0).save(out, format="PNG", optimize=True)
    return out.getvalue()


def truncated(data: bytes, keep: float = 0.6) -> bytes:
    """The first part of a file, as left by an interrupted copy."""
    return data[: int(len(data) * keep)]


def pdf_bytes(text: str = "Giấy ủy quyền") -> bytes:
    """A small, well-formed one-page PDF."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": text})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
