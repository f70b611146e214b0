"""Make a clean PDF look scanned (or faxed), and draw handwriting on forms.

The result is an image-only PDF (no text layer): rotation, noise, specks, uneven
contrast, an optional fax header line and "RECEIVED" stamp; the Bates number is stamped
crisply afterwards, as a litigation-support vendor would.
"""

from __future__ import annotations

import math
import random
import time
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from .layout import PAGE_H, HandItem

HAND_FONTS = [
    "/usr/share/fonts/truetype/fifthhorseman/dkg.ttf",
    "/usr/share/fonts/truetype/humor-sans/Humor-Sans.ttf",
    "/usr/share/fonts/opentype/comic-neue/ComicNeue-Regular.otf",
]
FALLBACK_HAND = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf"
MONO = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def hand_fonts() -> list[str]:
    found = [f for f in HAND_FONTS if Path(f).exists()]
    return found or [FALLBACK_HAND]


def _font(path: str, px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, px)


def rasterize(pdf: Path, dpi: int) -> list[Image.Image]:
    doc = pdfium.PdfDocument(str(pdf))
    out = []
    for i in range(len(doc)):
        page = doc[i]
        img = page.render(scale=dpi / 72).to_pil().convert("L")
        out.append(img)
        page.close()
    doc.close()
    return out


def draw_hand(
    img: Image.Image,
    items: list[HandItem],
    font_path: str,
    dpi: int,
    rng: random.Random,
) -> None:
    """Write each item word by word with jitter, slant and a pen-like ink."""
    scale = dpi / 72
    ink = rng.randint(25, 70)
    slant = rng.uniform(0.12, 0.3)
    for it in items:
        px = int(it.size * scale * rng.uniform(0.95, 1.08))
        fnt = _font(font_path, px)
        ascent, _descent = fnt.getmetrics()
        x = it.x * scale
        base = (PAGE_H - it.y) * scale
        drift = rng.uniform(-0.02, 0.02)
        for word in it.text.split(" "):
            if not word:
                x += px * 0.4
                continue
            bbox = fnt.getbbox(word)
            ww, hh = bbox[2] + 8, bbox[3] + px // 2 + 8
            tile = Image.new("L", (int(ww + hh * slant) + 6, hh), 0)
            d = ImageDraw.Draw(tile)
            d.text((4, 4), word, font=fnt, fill=255)
            tile = tile.transform(
                tile.size,
                Image.Transform.AFFINE,
                (1, slant, -slant * hh * 0.6, 0, 1, 0),
                resample=Image.Resampling.BICUBIC,
            )
            tile = tile.rotate(
                rng.uniform(-3.5, 3.5), resample=Image.Resampling.BICUBIC, expand=True
            )
            dy = rng.uniform(-0.08, 0.08) * px + drift * (x - it.x * scale)
            pos = (int(x), int(base - 4 - ascent - 0.12 * px + dy))
            ink_img = Image.new("L", tile.size, ink)
            img.paste(ink_img, pos, tile)
            x += bbox[2] * rng.uniform(0.98, 1.06) + px * rng.uniform(0.28, 0.45)


def degrade(
    img: Image.Image,
    rng: random.Random,
    dpi: int,
    fax_line: str = "",
    stamp: str = "",
    bilevel: bool = False,
) -> Image.Image:
    np_rng = np.random.default_rng(rng.randint(0, 2**31))
    w, h = img.size
    if fax_line:
        d = ImageDraw.Draw(img)
        d.text(
            (int(0.35 * dpi), int(0.08 * dpi)),
            fax_line,
            font=_font(MONO, int(dpi * 0.1)),
            fill=0,
        )
    if stamp:
        st = Image.new("L", (int(2.3 * dpi), int(0.9 * dpi)), 0)
        sd = ImageDraw.Draw(st)
        sd.rectangle(
            [3, 3, st.size[0] - 4, st.size[1] - 4], outline=255, width=max(2, dpi // 60)
        )
        f1 = _font(BOLD, int(dpi * 0.2))
        lines = stamp.split("\n")
        for i, ln in enumerate(lines):
            tw = sd.textlength(ln, font=f1)
            sd.text(
                ((st.size[0] - tw) / 2, int(0.12 * dpi) + i * int(0.3 * dpi)),
                ln,
                font=f1,
                fill=255,
            )
        st = st.rotate(
            rng.uniform(-12, 12), expand=True, resample=Image.Resampling.BICUBIC
        )
        pos = (int(w * rng.uniform(0.55, 0.68)), int(h * rng.uniform(0.05, 0.14)))
        img.paste(Image.new("L", st.size, rng.randint(70, 110)), pos, st)
    # slight skew
    angle = rng.uniform(-1.5, 1.5)
    img = img.rotate(
        angle, resample=Image.Resampling.BICUBIC, fillcolor=255, expand=False
    )
    a = np.asarray(img, dtype=np.float32)
    # uneven illumination / contrast
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    gx = rng.uniform(-0.1, 0.1)
    gy = rng.uniform(-0.1, 0.1)
    light = 1.0 + gx * (xx / w - 0.5) + gy * (yy / h - 0.5)
    contrast = rng.uniform(0.78, 0.95)
    a = 255 - (255 - a) * contrast
    a = a * light - rng.uniform(0, 18)
    # noise
    a += np_rng.normal(0, rng.uniform(3, 7), size=a.shape).astype(np.float32)
    # specks
    n_specks = rng.randint(60, 260)
    ys = np_rng.integers(0, h, n_specks)
    xs = np_rng.integers(0, w, n_specks)
    for y0, x0 in zip(ys, xs, strict=True):
        r = int(np_rng.integers(1, 3))
        a[max(0, y0 - r) : y0 + r, max(0, x0 - r) : x0 + r] = float(
            np_rng.integers(20, 120)
        )
    # a faint vertical streak from the scanner glass, sometimes
    if rng.random() < 0.3:
        x0 = rng.randint(w // 8, w - w // 8)
        a[:, x0 : x0 + 2] -= rng.uniform(20, 45)
    a = np.clip(a, 0, 255).astype(np.uint8)
    out = Image.fromarray(a, mode="L").filter(
        ImageFilter.GaussianBlur(rng.uniform(0.3, 0.7))
    )
    if bilevel:
        out = out.point(lambda v: 255 if v > 150 else 0).convert("1")
    return out


def stamp_bates(img: Image.Image, text: str, dpi: int, where: str = "br") -> None:
    d = ImageDraw.Draw(img)
    ink = 0
    f = _font(BOLD, int(dpi * 0.125))
    tw = d.textlength(text, font=f)
    w, h = img.size
    y = h - int(0.3 * dpi)
    x = (w - tw) / 2 if where == "bc" else w - tw - int(0.5 * dpi)
    d.text((x, y), text, font=f, fill=ink)


def save_pdf(images: list[Image.Image], path: Path, dpi: int, title: str) -> None:
    fixed = time.strptime("2024-01-01", "%Y-%m-%d")
    first, rest = images[0], images[1:]
    extra: dict[str, object] = {} if first.mode == "1" else {"quality": 60}
    first.save(
        str(path),
        "PDF",
        save_all=True,
        append_images=rest,
        resolution=float(dpi),
        title=title,
        creationDate=fixed,
        modDate=fixed,
        **extra,
    )


def fax_header(
    rng: random.Random, date_txt: str, fax: str, name: str, page: int, total: int
) -> str:
    hh, mm = rng.randint(8, 17), rng.randint(0, 59)
    digits = "".join(ch for ch in fax if ch.isdigit())
    return (
        f"{date_txt} {hh:02d}:{mm:02d}  FROM: {digits}  {name.upper()[:32]}   TO: "
        f"18005550199   P.{page:03d}/{total:03d}"
    )


_ = math
