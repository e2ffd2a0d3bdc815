"""Building an encrypted ballot on a phone (DESIGN §12). Run: .venv/bin/python tests/bench/bench_e2e_phone.py [--runs 5]

Bundles h5/src/core/e2e.js with Vite as the H5's build does (minified, @noble/curves inside), serves it as a static
file and drives headless Chromium (tests/bench/e2e_phone.mjs) with the CPU slowed 4x: a 10-candidate 两推荐 ballot (up
to 5 choices) and a 5-candidate 四票决 ballot are built and checked. Prints every build's time and the median (target
≤ 1,500 ms each).
"""
from __future__ import annotations

import functools
import http.server
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = """
import { build } from 'vite'
await build({ configFile: false, logLevel: 'error', root: process.cwd(),
  build: { outDir: process.argv[1], emptyOutDir: true, minify: true,
    lib: { entry: 'src/core/e2e.js', formats: ['es'], fileName: () => 'e2e.js' } } })
"""


def main(runs: int) -> None:
    out = Path(tempfile.mkdtemp(prefix="e2e-bench-"))
    subprocess.run(["node", "--input-type=module", "-e", BUNDLE, str(out)], cwd=ROOT / "h5", check=True)
    (out / "blank.html").write_text("<!doctype html><title>bench</title>", encoding="utf-8")
    handler = functools.partial(Quiet, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 8768), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        done = subprocess.run(["node", str(ROOT / "tests/bench/e2e_phone.mjs"), "http://127.0.0.1:8768", "e2e.js",
                               str(runs)], capture_output=True, text=True, check=True)
    finally:
        server.shutdown()
        shutil.rmtree(out, ignore_errors=True)
    for name, times in json.loads(done.stdout.strip().splitlines()[-1]).items():
        print(f"{name}: " + ", ".join(f"{t:.0f}" for t in times) + f" ms; median {statistics.median(times):.0f} ms"
              f" (target ≤ 1,500 ms, CPU slowed 4×)")


if __name__ == "__main__":
    main(int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 5)
