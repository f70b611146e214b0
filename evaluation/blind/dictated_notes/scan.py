"""Give a rendered PDF the look of a scanned/faxed paper copy (image-only PDF)."""

from __future__ import annotations

import io
import os
import time

import numpy as np
import pypdfium2 as pdfium
import reportlab
from PIL import Image, ImageDraw, ImageFilter, ImageFont

_FONT_DIR = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
FIXED_TIME = time.gmtime(1704067200)  # 2024-01-01, keeps the PDF bytes reproducible


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.truetype(os.path.join(_FONT_DIR, "VeraBd.ttf"), size)
    except OSError:
        return ImageFont.load_default()


def scan_pdf(
    pdf: bytes,
    seed: int,
    stamp: str | None = None,
    fax_line: str | None = None,
    bilevel: bool = False,
) -> bytes:
    """Rasterize pages with scanner artefacts; ``bilevel``: a 1-bit fax copy."""
    rng = np.random.default_rng(seed)
    dpi = 200 if bilevel else int(rng.choice([150, 150, 200]))
    threshold = int(rng.integers(135, 165))
    doc = pdfium.PdfDocument(pdf)
    pages: list[Image.Image] = []
    n = len(doc)
    for i in range(n):
        page = doc[i]
        img = page.render(scale=dpi / 72.0, grayscale=True).to_pil().convert("L")
        page.close()
        w, h = img.size
        if fax_line:
            d = ImageDraw.Draw(img)
            d.text(
                (int(0.3 * dpi), int(0.08 * dpi)),
                f"{fax_line}  PAGE {i + 1:02d}/{n:02d}",
                fill=40,
                font=_font(int(dpi * 0.09)),
            )
        if stamp and i == 0:
            layer = Image.new("L", (int(dpi * 2.6), int(dpi * 0.9)), 0)
            d2 = ImageDraw.Draw(layer)
            d2.rectangle(
                [2, 2, layer.size[0] - 3, layer.size[1] - 3],
                outline=255,
                width=max(2, dpi // 60),
            )
            d2.text(
                (int(dpi * 0.15), int(dpi * 0.12)),
                stamp,
                fill=255,
                font=_font(int(dpi * 0.22)),
            )
            layer = layer.rotate(float(rng.uniform(-12, 12)), expand=True)
            x = int(w * rng.uniform(0.5, 0.62))
            y = int(h * rng.uniform(0.06, 0.16))
            dark = Image.new("L", layer.size, 90)
            img.paste(dark, (x, y), layer)
        angle = float(rng.uniform(-1.5, 1.5))
        img = img.rotate(
            angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255
        )
        arr = np.asarray(img).astype(np.float32)
        # uneven illumination / contrast
        gx = np.linspace(0, 1, w, dtype=np.float32)[None, :]
        gy = np.linspace(0, 1, h, dtype=np.float32)[:, None]
        shade = 1.0 - float(rng.uniform(0.02, 0.12)) * (
            gx * float(rng.uniform(0.3, 1)) + gy * float(rng.uniform(0, 0.6))
        )
        gamma = float(rng.uniform(0.85, 1.15))
        arr = 255.0 * (arr / 255.0) ** gamma * shade
        arr = arr * float(rng.uniform(0.9, 1.0)) + float(rng.uniform(0, 12))
        # sensor noise
        noise = rng.normal(0, float(rng.uniform(3, 7)), size=arr.shape)
        arr += noise.astype(np.float32)
        # specks and a few dust lines
        k = int(rng.integers(80, 400))
        ys = rng.integers(0, h, size=k)
        xs = rng.integers(0, w, size=k)
        for yy, xx in zip(ys, xs, strict=True):
            r = int(rng.integers(1, 3))
            arr[max(0, yy - r) : yy + r, max(0, xx - r) : xx + r] = float(
                rng.uniform(0, 90)
            )
        if rng.random() < 0.4:
            x0 = int(rng.integers(0, w))
            arr[:, x0 : x0 + 1] = np.minimum(arr[:, x0 : x0 + 1], 150)
        # dark border from the scanner lid on some pages
        if rng.random() < 0.3:
            b = int(rng.integers(4, 14))
            arr[:, :b] = np.minimum(arr[:, :b], 60)
        out = Image.fromarray(np.clip(arr, 0, 255).astype(np.uint8), "L")
        if rng.random() < 0.5:
            out = out.filter(
                ImageFilter.GaussianBlur(radius=float(rng.uniform(0.3, 0.7)))
            )
        if bilevel:
            out = out.point(lambda x: 255 if x > threshold else 0).convert(
                "1", dither=Image.Dither.NONE
            )
        pages.append(out)
    doc.close()
    buf = io.BytesIO()
    extra: dict[str, object] = {} if bilevel else {"quality": 55}
    pages[0].save(
        buf,
        "PDF",
        resolution=float(dpi),
        save_all=True,
        append_images=pages[1:],
        creationDate=FIXED_TIME,
        modDate=FIXED_TIME,
        title="scan",
        producer="scanner",
        **extra,
    )
    return buf.getvalue()


def page_texts(pdf: bytes) -> list[str]:
    doc = pdfium.PdfDocument(pdf)
    out: list[str] = []
    for i in range(len(doc)):
        page = doc[i]
        tp = page.get_textpage()
        out.append(tp.get_text_range())
        tp.close()
        page.close()
    doc.close()
    return out
