"""Image checks for uploads: what an image really is, and whether a mark sample prints well.

Everything here looks at the bytes only, never at the file name or the browser's
content type. Pillow is used read-only and with a pixel limit of our own, so a
small file that claims a huge picture (a decompression bomb) is refused before
anything is decoded. The only image we write is a mark sample made smaller once, when stored.
"""
from __future__ import annotations

import io
import math
import warnings
from dataclasses import dataclass
from typing import Callable

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

#: Layout rules of the mark sample on the application form (domain notes §2.5):
#: the sample is printed inside an 80 × 80 mm box, each of its sides at least
#: 15 mm, at 300 dpi or better. These are rules of the form, not fees or limits
#: of ours; change them only if the form changes.
MARK_BOX_MM = 80.0
MARK_MIN_SIDE_MM = 15.0
PRINT_DPI = 300

MM_PER_INCH = 25.4
#: The fewest pixels a side may have to print MARK_MIN_SIDE_MM at PRINT_DPI (178).
MARK_MIN_SIDE_PX = math.ceil(MARK_MIN_SIDE_MM / MM_PER_INCH * PRINT_DPI)
#: The longest a mark may be relative to its width (80 / 15 ≈ 5.3): beyond it, the
#: shorter side prints under 15 mm once the longer side is fitted into the box.
MARK_MAX_ASPECT_RATIO = MARK_BOX_MM / MARK_MIN_SIDE_MM

#: Our own decompression-bomb limit (Pillow's default is about 89 megapixels and
#: only warns below twice that). A scanned A4 page at 600 dpi is about 35 MP.
MAX_IMAGE_PIXELS = 40_000_000

#: The box's side at PRINT_DPI (945 px): all a mark sample ever prints with.
MARK_BOX_PX = math.ceil(MARK_BOX_MM / MM_PER_INCH * PRINT_DPI)
#: A mark sample is stored with its longer side at most twice that (600 dpi at 80 mm, 1890 px):
#: sharper than any print of the form, and a 40-megapixel logo no longer costs seconds and
#: hundreds of megabytes in every render of the dossier.
MARK_STORED_MAX_PX = 2 * MARK_BOX_PX
#: The largest mark sample accepted, before it is made smaller: four times the box's side each
#: way (14.3 MP), rounded up to a 16-megapixel phone photo of a printed label.
MARK_MAX_IMAGE_PIXELS = 16_000_000

#: The image formats we accept, as Pillow names them -> (content type, file extension).
IMAGE_FORMATS = {
    "PNG": ("image/png", ".png"),
    "JPEG": ("image/jpeg", ".jpg"),
}

#: EXIF orientations that turn the picture a quarter turn (width and height swap).
_QUARTER_TURNS = {5, 6, 7, 8}
_EXIF_ORIENTATION = 0x0112


class UploadRejected(Exception):
    """An upload we refuse; `message` is a translated sentence to show the user as-is."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


@dataclass(frozen=True)
class ImageFacts:
    """What Pillow found in an image file: its format and its size as displayed."""

    format: str
    width_px: int
    height_px: int

    @property
    def content_type(self) -> str:
        return IMAGE_FORMATS[self.format][0]

    @property
    def extension(self) -> str:
        return IMAGE_FORMATS[self.format][1]


@dataclass(frozen=True)
class MarkImageInfo:
    """A mark sample that passed the checks, and how it will print on the form."""

    format: str
    width_px: int
    height_px: int
    print_width_mm: float
    print_height_mm: float
    dpi: float


def identify_image(data: bytes, *, wrong_format: Callable[[str], str], not_an_image: str,
                   max_pixels: int = MAX_IMAGE_PIXELS) -> ImageFacts:
    """Check that the bytes are a sound PNG or JPEG of a sane size, without decoding it in full.

    `wrong_format(name)` gives the message for a real image in another format
    (GIF, WebP...); `not_an_image` is the message for anything else.
    """
    try:
        with warnings.catch_warnings():
            # Pillow warns (or raises) on huge images; both mean "refuse" to us.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                image_format = image.format
                width, height = image.size
                orientation = _orientation(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UploadRejected(_too_many_pixels(None, None, max_pixels)) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise UploadRejected(not_an_image) from None

    if image_format not in IMAGE_FORMATS:
        raise UploadRejected(wrong_format(image_format))
    if width < 1 or height < 1:
        raise UploadRejected(not_an_image)
    if width * height > max_pixels:
        raise UploadRejected(_too_many_pixels(width, height, max_pixels))
    _check_decodes(data, image_format)
    if orientation in _QUARTER_TURNS:
        width, height = height, width
    return ImageFacts(image_format, width, height)


def _orientation(image: Image.Image) -> int | None:
    """The EXIF orientation tag, if any (phone photos are often stored sideways)."""
    try:
        return image.getexif().get(_EXIF_ORIENTATION)
    except Exception:
        return None


def _check_decodes(data: bytes, image_format: str) -> None:
    """Refuse damaged or truncated files, cheaply.

    PNG: ``verify()`` checks every chunk's checksum through to the end marker.
    JPEG: ``verify()`` checks nothing, and WeasyPrint switches on Pillow's
    LOAD_TRUNCATED_IMAGES for the whole process, so decoding would not notice a
    cut-off file either: the segments are walked to the end-of-image marker, then
    the image is decoded at 1/8 scale (``draft``), which costs little memory.
    """
    damaged = UploadRejected(
        _l("The image file is damaged or incomplete. Please save or export it again and upload the new file.")
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                image.verify()
            if image_format == "JPEG":
                if not jpeg_is_complete(data):
                    raise damaged
                with Image.open(io.BytesIO(data)) as image:
                    image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
                    image.load()
    except UploadRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise UploadRejected(_too_many_pixels(None, None)) from None
    except Exception:
        raise damaged from None


#: JPEG markers without a length field: start/end of image, restart markers, TEM.
_STANDALONE_MARKERS = {0xD8, 0xD9, 0x01, *range(0xD0, 0xD8)}


def jpeg_is_complete(data: bytes) -> bool:
    """True if the JPEG's segments run, well-formed, up to an end-of-image marker.

    Segments with a length (including EXIF and its thumbnail) are skipped whole;
    entropy-coded data after each start-of-scan is skipped up to the next real
    marker (0xFF followed by anything but 0x00 or a restart marker). Bytes after
    the end marker (some phones append data) are allowed.
    """
    if not data.startswith(b"\xff\xd8"):
        return False
    pos, size = 2, len(data)
    while pos + 1 < size:
        if data[pos] != 0xFF:
            return False
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker == 0xD9:
            return True
        if marker in _STANDALONE_MARKERS:
            pos += 2
            continue
        if pos + 4 > size:
            return False
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        if length < 2:
            return False
        pos += 2 + length
        if marker == 0xDA:  # start of scan: skip the compressed data
            while True:
                pos = data.find(b"\xff", pos)
                if pos < 0 or pos + 1 >= size:
                    return False
                following = data[pos + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
                    pos += 1 if following == 0xFF else 2
                    continue
                break
    return False


def _too_many_pixels(width: int | None, height: int | None, max_pixels: int):
    max_mp = max_pixels // 1_000_000
    if width is None:
        return _l("The image is far too large in pixels; at most %(max_mp)d megapixels are accepted.", max_mp=max_mp)
    return _l(
        "The image is too large in pixels (%(width)d × %(height)d); at most %(max_mp)d megapixels are accepted.",
        width=width,
        height=height,
        max_mp=max_mp,
    )


def print_size_mm(width_px: int, height_px: int) -> tuple[float, float]:
    """How large the image prints on the form: at PRINT_DPI, shrunk to fit the box if needed."""
    width_mm = width_px / PRINT_DPI * MM_PER_INCH
    height_mm = height_px / PRINT_DPI * MM_PER_INCH
    longer = max(width_mm, height_mm)
    if longer > MARK_BOX_MM:
        scale = MARK_BOX_MM / longer
        width_mm, height_mm = width_mm * scale, height_mm * scale
    return width_mm, height_mm


def inspect_mark_image(data: bytes) -> MarkImageInfo:
    """Check a mark sample (PNG or JPEG that prints sharply within the form's box), or raise UploadRejected."""
    facts = identify_image(
        data,
        wrong_format=lambda name: _l(
            "This is a %(format)s image; the mark sample must be PNG or JPEG. "
            "Save it as PNG or JPEG and upload it again.",
            format=name,
        ),
        not_an_image=_l("The mark sample must be a PNG or JPEG image; this file is not one."),
        max_pixels=MARK_MAX_IMAGE_PIXELS,
    )
    width, height = facts.width_px, facts.height_px
    shorter, longer = min(width, height), max(width, height)
    if longer / shorter > MARK_MAX_ASPECT_RATIO:
        raise UploadRejected(
            _l(
                "The image is too long and thin (%(width)d × %(height)d pixels): fitted into the "
                "%(box)d × %(box)d mm box of the form, its shorter side would print under %(min_mm)d mm. "
                "Its longer side may be at most %(ratio)s times its shorter side.",
                width=width,
                height=height,
                box=int(MARK_BOX_MM),
                min_mm=int(MARK_MIN_SIDE_MM),
                ratio=_decimal(MARK_MAX_ASPECT_RATIO),
            )
        )
    if shorter < MARK_MIN_SIDE_PX:
        raise UploadRejected(
            _l(
                "The image is only %(width)d × %(height)d pixels: too small to print sharply. "
                "Each side needs at least %(min_px)d pixels (%(min_mm)d mm at %(dpi)d dpi).",
                width=width,
                height=height,
                min_px=MARK_MIN_SIDE_PX,
                min_mm=int(MARK_MIN_SIDE_MM),
                dpi=PRINT_DPI,
            )
        )
    width_mm, height_mm = print_size_mm(width, height)
    return MarkImageInfo(
        format=facts.format,
        width_px=width,
        height_px=height,
        print_width_mm=width_mm,
        print_height_mm=height_mm,
        dpi=width / (width_mm / MM_PER_INCH),
    )


def downscale_mark(data: bytes) -> bytes | None:
    """The mark sample made smaller to MARK_STORED_MAX_PX on its longer side (turned upright, its
    metadata left out), in the same format; None if it is small enough already. Call it only on
    an image that passed inspect_mark_image."""
    with Image.open(io.BytesIO(data)) as original:
        image_format = original.format
        image = ImageOps.exif_transpose(original)
        if max(image.size) <= MARK_STORED_MAX_PX:
            return None
        image.thumbnail((MARK_STORED_MAX_PX, MARK_STORED_MAX_PX), Image.Resampling.LANCZOS)
        options = {"icc_profile": original.info.get("icc_profile")}
        if image_format == "JPEG":
            image = image.convert("RGB") if image.mode not in ("RGB", "L") else image
            options.update(quality=92)
        out = io.BytesIO()
        image.save(out, image_format, **{key: value for key, value in options.items() if value is not None})
    return out.getvalue()


def _decimal(value: float) -> str:
    """A number with one decimal in the user's locale (5,3 in Vietnamese)."""
    from flask_babel import format_decimal

    return format_decimal(round(value, 1), format="#,##0.#")
