"""Turn the MTSamples page cache of a public scraper repository into ``samples.json``.

The repository ``terrah27/spider_mtsamples.com`` carries a Scrapy HTTP cache of the
mtsamples.com sample pages (gzipped HTML under ``.scrapy/httpcache/mt``).  This module
reads that cache straight out of a bare git directory (no work tree needed) and writes
one JSON list of ``{id, specialty, name, description, text, url}``.  Section headings of
a transcription are kept inline as ``\u00a7H\u00a7HEADING:\u00a7/H\u00a7`` markers.

Usage::

    python -m evaluation.blind.dictated_notes.extract \
        --git-dir /work/.mirror/terrah27+spider_mtsamples.com/repo/.git \
        --out /work/blind-data/dictated_notes
"""

from __future__ import annotations

import argparse
import ast
import gzip
import html
import json
import re
import subprocess
from pathlib import Path

CACHE_ROOT = ".scrapy/httpcache/mt"

_H1 = re.compile(
    r"<H1>\s*<b>Sample Type / Medical Specialty:\s*</b>(.*?)<br>\s*<b>Sample "
    r"Name:</b>(.*?)</H1>",
    re.S | re.I,
)
_DESC = re.compile(r"<b>\s*Description:\s*</b>(.*?)<br>", re.S | re.I)


class _Batch:
    """A ``git cat-file --batch`` reader."""

    def __init__(self, git_dir: str) -> None:
        self.proc = subprocess.Popen(  # noqa: S603
            ["git", f"--git-dir={git_dir}", "cat-file", "--batch"],  # noqa: S607
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )

    def get(self, sha: str) -> bytes | None:
        assert self.proc.stdin is not None  # noqa: S101
        assert self.proc.stdout is not None  # noqa: S101
        self.proc.stdin.write((sha + "\n").encode())
        self.proc.stdin.flush()
        header = self.proc.stdout.readline().split()
        if len(header) < 3 or header[1] == b"missing":
            return None
        size = int(header[2])
        data = self.proc.stdout.read(size)
        self.proc.stdout.read(1)
        return data

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        self.proc.wait()


def _page_to_sample(url: str, page: str) -> dict[str, object] | None:
    m = _H1.search(page)
    if not m:
        return None
    specialty = html.unescape(m.group(1)).strip()
    name = html.unescape(m.group(2)).strip()
    d = _DESC.search(page[m.end() :])
    desc = html.unescape(re.sub(r"<[^>]+>", "", d.group(1))).strip() if d else ""
    start = page.find("<hr>", m.end())
    end = page.find("<!-- Ezoic - MTSam Sample Bottom", start)
    if end < 0:
        end = page.find("Keywords:", start)
    body = page[start + 4 : end]
    body = re.sub(r"<!--.*?-->", "", body, flags=re.S)
    body = re.sub(r"<script.*?</script>", "", body, flags=re.S | re.I)
    body = re.sub(r"<ins.*?</ins>", "", body, flags=re.S | re.I)
    body = re.sub(r"<div[^>]*>|</div>", "", body, flags=re.I)
    body = re.sub(r"\s*\n\s*", " ", body)
    body = re.sub(r"<br\s*/?>", "\n", body, flags=re.I)
    body = re.sub(
        r"<B>(.*?)</B>",
        lambda mm: "\u00a7H\u00a7" + mm.group(1).strip() + "\u00a7/H\u00a7",
        body,
        flags=re.S | re.I,
    )
    body = re.sub(r"<[^>]+>", "", body)
    body = html.unescape(body).replace("\xa0", " ").replace("\ufffd", "'")
    lines = [ln.strip() for ln in body.split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines).strip())
    sid = re.search(r"sample=(\d+)", url)
    if not sid:
        return None
    return {
        "id": int(sid.group(1)),
        "specialty": specialty,
        "name": name,
        "description": desc,
        "text": text,
        "url": url,
    }


def extract(git_dir: str) -> list[dict[str, object]]:
    listing = subprocess.run(  # noqa: S603
        ["git", f"--git-dir={git_dir}", "ls-tree", "-r", "HEAD", CACHE_ROOT],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    entries: dict[str, dict[str, str]] = {}
    for line in listing.splitlines():
        meta, path = line.split("\t")
        folder, fname = path.rsplit("/", 1)
        entries.setdefault(folder, {})[fname] = meta.split()[2]
    batch = _Batch(git_dir)
    samples: dict[int, dict[str, object]] = {}
    try:
        for folder in sorted(entries):
            files = entries[folder]
            if "meta" not in files or "response_body" not in files:
                continue
            raw_meta = batch.get(files["meta"])
            body = batch.get(files["response_body"])
            if raw_meta is None or body is None:
                continue
            url = str(ast.literal_eval(raw_meta.decode())["url"])
            if "sample.asp" not in url:
                continue
            try:
                page_bytes = gzip.decompress(body)
            except OSError:
                page_bytes = body
            sample = _page_to_sample(url, page_bytes.decode("utf-8", errors="replace"))
            if sample is None:
                continue
            sid = int(str(sample["id"]))
            if sid not in samples or str(sample["url"]) < str(samples[sid]["url"]):
                samples[sid] = sample
    finally:
        batch.close()
    return [samples[k] for k in sorted(samples)]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--git-dir", required=True)
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    samples = extract(args.git_dir)
    (out / "samples.json").write_text(json.dumps(samples, indent=0, ensure_ascii=False))
    print(f"{len(samples)} samples -> {out / 'samples.json'}")


if __name__ == "__main__":
    main()
