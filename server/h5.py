"""Serves the built H5 app (h5/dist) at /h5/, with history-mode routes falling back to index.html."""
from __future__ import annotations

from pathlib import Path

from flask import Flask, send_from_directory

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
            response = send_from_directory(dist, path)
            if path.startswith("assets/"):  # file names carry a content hash
                response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
            return response
        if path.startswith("assets/"):
            raise NotFound("文件不存在", code="not_found")
        response = send_from_directory(dist, "index.html")
        response.headers["Cache-Control"] = "no-cache"
        return response
