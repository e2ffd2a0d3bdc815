"""Headers every answer carries: no sniffing or framing, no referrer, personal data never cached, the H5's CSP."""
import pytest


def test_api_answers_behind_a_login_are_never_stored(client, world):
    response = client.get("/api/v1/orgs", headers=world.headers("city_staff"))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "no-referrer"


@pytest.mark.parametrize("path", ["/api/v1/orgs", "/api/v1/auth/me", "/api/v1/people/1"])
def test_errors_and_refusals_are_not_stored_either(client, path):
    response = client.get(path)
    assert response.status_code == 401
    assert response.headers["Cache-Control"] == "no-store"


def test_public_pages_may_be_revalidated_but_carry_no_personal_cache(client):
    response = client.get("/api/v1/public/publicities/" + "t" * 43)
    assert response.status_code == 404
    assert response.headers["Cache-Control"] == "no-cache"


def test_the_h5_forbids_inline_and_foreign_script_and_framing(make_app, tmp_path):
    (tmp_path / "index.html").write_text("<!doctype html><div id=app></div>")
    client = make_app(H5_DIST=str(tmp_path)).test_client()
    response = client.get("/h5/vote")
    assert response.status_code == 200
    csp = dict(part.strip().split(" ", 1) for part in response.headers["Content-Security-Policy"].split(";"))
    assert csp["script-src"] == "'self'"
    assert "unsafe-inline" not in csp["script-src"] and "unsafe-eval" not in csp["script-src"]
    assert csp["frame-ancestors"] == "'none'" and csp["object-src"] == "'none'"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_the_h5_sends_its_gzipped_build_to_browsers_that_accept_gzip_and_the_plain_file_to_others(make_app, tmp_path):
    import gzip

    script = b"console.log('ballot');" * 100
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><div id=app></div>")
    (tmp_path / "assets" / "index-abc.js").write_bytes(script)
    (tmp_path / "assets" / "index-abc.js.gz").write_bytes(gzip.compress(script))
    client = make_app(H5_DIST=str(tmp_path)).test_client()
    zipped = client.get("/h5/assets/index-abc.js", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert zipped.status_code == 200 and zipped.headers["Content-Encoding"] == "gzip"
    assert zipped.mimetype == "text/javascript" and "Accept-Encoding" in zipped.headers["Vary"]
    assert gzip.decompress(zipped.data) == script and "immutable" in zipped.headers["Cache-Control"]
    plain = client.get("/h5/assets/index-abc.js", headers={"Accept-Encoding": "identity"})
    assert plain.data == script and "Content-Encoding" not in plain.headers
    assert client.get("/h5/assets/index-abc.js.gz.gz").status_code == 404
