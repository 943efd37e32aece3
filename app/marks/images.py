"""Image similarity of two logos: perceptual hashes and dominant colours, with Pillow alone.

An average hash and a difference hash (64 bits each) of the logo on white, in grey: the same logo
resized, recoloured or slightly cropped keeps most bits, two unrelated logos agree on about half.
The dominant colours (a 4-colour palette) weigh a little, so a recoloured copy still scores high.
`imagehash` computes the same hashes but pulls numpy, scipy and PyWavelets (about 100 MB) into the
app for two dozen lines, so they are written here.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from PIL import Image

HASH_SIDE = 8
#: two unrelated images agree on about half the bits: that is a score of 0
CHANCE = 0.5
COLOUR_WEIGHT = 0.15


@lru_cache(maxsize=512)
def fingerprint(path: Path, sha256: str) -> tuple[int, int, tuple[tuple[int, int, int], ...]]:
    """(average hash, difference hash, dominant colours) of an image file; `sha256` keys the cache."""
    with Image.open(path) as opened:
        image = opened.convert("RGBA")
    flat = Image.new("RGBA", image.size, "white")
    flat.alpha_composite(image)
    rgb = flat.convert("RGB")
    grey = rgb.convert("L")
    small = list(grey.resize((HASH_SIDE, HASH_SIDE), Image.Resampling.LANCZOS).get_flattened_data())
    mean = sum(small) / len(small)
    average = sum(1 << i for i, value in enumerate(small) if value > mean)
    wide = list(grey.resize((HASH_SIDE + 1, HASH_SIDE), Image.Resampling.LANCZOS).get_flattened_data())
    difference = sum(1 << (row * HASH_SIDE + col) for row in range(HASH_SIDE) for col in range(HASH_SIDE)
                     if wide[row * (HASH_SIDE + 1) + col] > wide[row * (HASH_SIDE + 1) + col + 1])
    palette = rgb.resize((32, 32)).quantize(colors=4).convert("RGB")
    colours = tuple(colour for _count, colour in sorted(palette.getcolors(), reverse=True))
    return average, difference, colours


def _colour_score(a: tuple, b: tuple) -> float:
    """1 when every dominant colour of one has a close match in the other, 0 when none has."""
    def nearest(colour, others):
        return min(sum((x - y) ** 2 for x, y in zip(colour, other)) ** 0.5 for other in others)
    distances = [nearest(colour, b) for colour in a] + [nearest(colour, a) for colour in b]
    return max(0.0, 1 - sum(distances) / len(distances) / 200)


def image_score(a: tuple, b: tuple) -> int:
    """0-100: how alike two fingerprints are."""
    bits = HASH_SIDE * HASH_SIDE
    agree = 1 - (bin(a[0] ^ b[0]).count("1") + bin(a[1] ^ b[1]).count("1")) / (2 * bits)
    shape = max(0.0, (agree - CHANCE) / (1 - CHANCE))
    return round(100 * ((1 - COLOUR_WEIGHT) * shape + COLOUR_WEIGHT * _colour_score(a[2], b[2])))
