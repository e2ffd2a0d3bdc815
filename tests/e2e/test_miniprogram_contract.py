"""Every path and method the mini-program calls exists in the server's OpenAPI document."""
from __future__ import annotations

import re
from pathlib import Path

MINIPROGRAM = Path(__file__).resolve().parents[2] / "miniprogram"
# get('/sessions/${id}/result', …), post(`/tasks/${id}/done`, …), request({ method: 'POST', path: '/auth/bind' …
HELPER_CALL = re.compile(r"\b(get|post)\(\s*[`'\"](/[^`'\"]*)[`'\"]")
RAW_CALL = re.compile(r"method:\s*'([A-Z]+)',\s*path:\s*'(/[^']*)'")


def calls_of_the_mini_program() -> set[tuple[str, str]]:
    found = set()
    for source in [*MINIPROGRAM.glob("services/*.js"), MINIPROGRAM / "utils" / "request.js"]:
        text = source.read_text(encoding="utf-8")
        found |= {(m.upper(), p) for m, p in HELPER_CALL.findall(text)}
        found |= set(RAW_CALL.findall(text))
    # `${…}` in a template literal is a path parameter; the action of a session transition is one of three.
    expanded = set()
    for method, path in found:
        if path.endswith("/${action}"):
            expanded |= {(method, path.replace("${action}", a)) for a in ("open", "close", "publish")}
        else:
            expanded.add((method, path))
    return {(method, re.sub(r"\$\{[^}]+\}", "{}", path)) for method, path in expanded}


def test_every_call_of_the_mini_program_is_in_the_openapi_document(client):
    document = client.get("/api/openapi.json").json
    offered = {(method.upper(), re.sub(r"\{[^}]+\}", "{}", path.removeprefix("/api/v1")))
               for path, operations in document["paths"].items() for method in operations}
    calls = calls_of_the_mini_program()
    assert len(calls) >= 15, calls  # the scan found the services
    assert calls - offered == set()
