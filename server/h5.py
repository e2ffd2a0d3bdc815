"""Serves the built H5 app (h5/dist) at /h5/, with history-mode routes falling back to index.html."""
from __future__ import annotations

from pathlib import Path

from flask import Flask, request, send_from_directory

from server import settings
from server.domain.errors import NotFound


def register(app: Flask) -> None:
    @app.get("/h5")
    @app.get("/h5/")
    @app.get("/h5/<path:path>")
    def h5(path: str = ""):
        dist = Path(settings.current().h5_dist)
        if not (dist / "index.html").is_file():
            raise NotFound("网页端尚未构建：请运行 make run（需要 Node.js 20 和 npm）", code="h5_not_built")
        if path and (dist / path).is_file():
            response = _send_compressed(dist, path) or send_from_directory(dist, path)
            if path.startswith("assets/"):  # file names carry a content hash
                response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
            return response
        if path.startswith("assets/"):
            raise NotFound("文件不存在", code="not_found")
        response = _send_compressed(dist, "index.html") or send_from_directory(dist, "index.html")
        response.headers["Cache-Control"] = "no-cache"
        return response


def _send_compressed(dist: Path, path: str):
    """The build's gzipped copy of a file (h5/vite.config.js writes them), to a browser that accepts gzip."""
    if "gzip" not in request.headers.get("Accept-Encoding", "") or not (dist / f"{path}.gz").is_file():
        return None
    response = send_from_directory(dist, f"{path}.gz", mimetype=_mimetype(path))
    response.headers["Content-Encoding"] = "gzip"
    response.headers["Vary"] = "Accept-Encoding"
    return response


def _mimetype(path: str) -> str:
    import mimetypes

    return mimetypes.guess_type(path)[0] or "application/octet-stream"
