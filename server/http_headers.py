"""Response headers every page and API answer carries: no sniffing, no framing, no referrer, no caching of
personal data, and a Content-Security-Policy for the H5 app that refuses inline and foreign script."""
from __future__ import annotations

from flask import Flask, request

# Vant and ECharts set style attributes at run time, so inline style stays allowed; script never is.
H5_CSP = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))

PUBLIC_API_PREFIX = "/api/v1/public/"
JSON_API_CSP = "default-src 'none'; frame-ancestors 'none'"


def json_api_headers(length: int) -> list[tuple[str, str]]:
    """The headers of a JSON answer behind /api/v1 (not public), for a path answered outside Flask."""
    return [("Content-Type", "application/json"), ("Content-Length", str(length)),
            ("X-Content-Type-Options", "nosniff"), ("X-Frame-Options", "DENY"), ("Referrer-Policy", "no-referrer"),
            ("Cache-Control", "no-store"), ("Content-Security-Policy", JSON_API_CSP)]


def init_app(app: Flask) -> None:
    @app.after_request
    def _security_headers(response):
        headers = response.headers
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "no-referrer")
        path = request.path
        if path == "/h5" or path.startswith("/h5/"):
            headers["Content-Security-Policy"] = H5_CSP
        elif path.startswith("/api/v1/"):
            # A public notice may be revalidated; anything behind a login holds personal data and is never stored.
            if path.startswith(PUBLIC_API_PREFIX):
                headers.setdefault("Cache-Control", "no-cache")
            else:
                headers["Cache-Control"] = "no-store"
            if response.mimetype == "application/json":
                headers["Content-Security-Policy"] = JSON_API_CSP
        return response
