"""What a voter's phone downloads to open the ballot (/h5/vote), gzipped, from the built H5's Vite manifest.

Run after `make h5`: .venv/bin/python tests/bench/bench_h5_bundle.py
"""
from __future__ import annotations

import gzip
import json
from pathlib import Path

DIST = Path(__file__).resolve().parents[2] / "h5" / "dist"


def files_for(manifest: dict, key: str, seen: set[str]) -> None:
    """A chunk, its CSS and everything it imports statically (what the browser must fetch before showing it)."""
    if key in seen:
        return
    seen.add(key)
    chunk = manifest[key]
    for css in chunk.get("css", []):
        seen.add("css:" + css)
    for imported in chunk.get("imports", []):
        files_for(manifest, imported, seen)


def main() -> None:
    manifest = json.loads((DIST / ".vite" / "manifest.json").read_text())
    entry = next(k for k, v in manifest.items() if v.get("isEntry"))
    seen: set[str] = set()
    files_for(manifest, entry, seen)
    page = next((k for k in manifest if k.endswith("pages/vote/VotePage.vue")), None)
    if page:  # the ballot is part of the entry since it had to show on a weak signal without a second round trip
        files_for(manifest, page, seen)
    paths = ["index.html"] + sorted({key[4:] if key.startswith("css:") else manifest[key]["file"] for key in seen})
    raw = zipped = 0
    for path in paths:
        data = (DIST / path).read_bytes()
        raw += len(data)
        zipped += len(gzip.compress(data, 9))
        print(f"  {path:48s} {len(data) / 1024:8.1f} KiB  gzip {len(gzip.compress(data, 9)) / 1024:6.1f} KiB")
    everything = sum(len(gzip.compress(p.read_bytes(), 9)) for p in DIST.rglob("*") if p.suffix in (".js", ".css"))
    print(f"voter's first load (/h5/vote): {len(paths)} files, {raw / 1024:.1f} KiB, gzip {zipped / 1024:.1f} KiB")
    print(f"whole H5 (all pages, charts included), gzip: {everything / 1024:.1f} KiB")


if __name__ == "__main__":
    main()
