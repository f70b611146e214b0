"""Turn a text PDF into an image-only "scanned" PDF (no text layer)."""

from __future__ import annotations

import io
import random
from datetime import datetime

import numpy as np
import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFont

FIXED = datetime(2024, 1, 2, 9, 0, 0)  # noqa: DTZ001 - fixed, timezone-free metadata


def _stamp(img: Image.Image, text: str, sub: str, rng: random.Random) -> Image.Image:
    layer = Image.new("L", (520, 170), 0)
    d = ImageDraw.Draw(layer)
    font = ImageFont.load_default(size=54)
    small = ImageFont.load_default(size=30)
    d.rectangle((4, 4, 515, 165), outline=255, width=6)
    d.text((28, 18), text, fill=255, font=font)
    d.text((30, 104), sub, fill=255, font=small)
    layer = layer.rotate(
        rng.uniform(-8, 8), expand=True, resample=Image.Resampling.BICUBIC
    )
    x = int(img.width * rng.uniform(0.52, 0.62))
    y = int(img.height * rng.uniform(0.06, 0.12))
    ink = Image.new("L", layer.size, 95)
    base = img.copy()
    region = base.crop((x, y, x + layer.width, y + layer.height))
    mask = layer.point(lambda v: int(v * 0.75))
    region.paste(ink, (0, 0), mask)
    base.paste(region, (x, y))
    return base


def scan_pdf(
    data: bytes,
    rng: random.Random,
    stamp: tuple[str, str] | None = None,
    dpi: int = 200,
) -> bytes:
    pdf = pdfium.PdfDocument(data)
    nrng = np.random.default_rng(rng.getrandbits(32))
    pages: list[Image.Image] = []
    bilevel = rng.random() < 0.25
    for i in range(len(pdf)):
        page = pdf[i]
        img = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
        page.close()
        if stamp is not None and i == 0:
            img = _stamp(img, stamp[0], stamp[1], rng)
        arr = np.asarray(img, dtype=np.float32)
        h, w = arr.shape
        # uneven illumination / toner density
        gx = np.linspace(0.0, 1.0, w, dtype=np.float32)[None, :]
        gy = np.linspace(0.0, 1.0, h, dtype=np.float32)[:, None]
        shade = 1.0 - rng.uniform(0.02, 0.09) * gx - rng.uniform(0.0, 0.06) * gy
        arr = 255.0 - (255.0 - arr) * rng.uniform(0.82, 1.0)
        arr = arr * shade
        arr += nrng.normal(0.0, rng.uniform(4.0, 9.0), size=arr.shape).astype(
            np.float32
        )
        # specks and a faint vertical streak
        for _ in range(rng.randint(40, 160)):
            cy, cx = int(nrng.integers(0, h)), int(nrng.integers(0, w))
            r = int(nrng.integers(1, 3))
            arr[max(0, cy - r) : cy + r, max(0, cx - r) : cx + r] *= 0.35
        if rng.random() < 0.4:
            sx = rng.randint(int(w * 0.1), int(w * 0.9))
            arr[:, sx : sx + 2] *= 0.88
        arr = np.clip(arr, 0, 255).astype(np.uint8)
        out = Image.fromarray(arr)
        out = out.rotate(
            rng.uniform(-1.4, 1.4),
            resample=Image.Resampling.BICUBIC,
            fillcolor=250,
            expand=False,
        )
        if bilevel:
            out = out.point(lambda v: 255 if v > 150 else 0).convert("L")
        pages.append(out)
    pdf.close()
    buf = io.BytesIO()
    pages[0].save(
        buf,
        "PDF",
        save_all=True,
        append_images=pages[1:],
        resolution=float(dpi),
        quality=72,
        creationDate=FIXED.timetuple(),
        modDate=FIXED.timetuple(),
        title="scan",
        producer="",
    )
    return buf.getvalue()
