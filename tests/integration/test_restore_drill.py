"""The restore drill (#24): a backup taken with pg_dump, restored with pg_restore into a fresh database, serves the
app, and a closed session's sealed ballots open there with the same SECRET_KEY — as docs/operations.md says."""
import os
import subprocess
import uuid

import pytest
from sqlalchemy.engine import make_url

from server.extensions import db
from tests.conftest import DATABASE_URL, postgres_only
from tests.integration import voting_helpers as h

pytestmark = postgres_only


def libpq(url) -> str:
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def test_a_restored_backup_serves_the_app_and_opens_a_closed_sessions_sealed_ballots(app, client, branch, make_app,
                                                                                      tmp_path):
    sid = h.stage_vote(client, branch)["id"]
    codes = h.codes(client, branch, sid, "member", 3)
    h.transition(client, branch, sid, "open")
    for code, vote in zip(codes, ("yes", "yes", "no"), strict=True):
        h.cast(client, sid, {"votes": {str(branch.target): vote}}, code=code)
    h.transition(client, branch, sid, "close")
    before = client.get(f"/api/v1/sessions/{sid}/result", headers=branch.headers()).json

    source = make_url(DATABASE_URL)
    restored = source.set(database=f"restore_drill_{uuid.uuid4().hex[:8]}")
    dump = tmp_path / "backup.dump"
    subprocess.run(["pg_dump", "--format=custom", "--file", str(dump), libpq(source)], check=True)
    admin = libpq(source.set(database="postgres"))
    subprocess.run(["psql", admin, "-qc", f'CREATE DATABASE "{restored.database}"'], check=True)
    try:
        subprocess.run(["pg_restore", "--no-owner", "--dbname", libpq(restored), str(dump)], check=True)
        fresh = make_app(SQLALCHEMY_DATABASE_URI=restored.render_as_string(hide_password=False))
        with fresh.app_context():
            from server.services.lifecycle import _opened_ballots

            opened = sorted(answers["votes"][str(branch.target)] for _, answers, _ in _opened_ballots(db.session, sid))
            db.session.remove()
        assert opened == ["no", "yes", "yes"]
        after = fresh.test_client().get(f"/api/v1/sessions/{sid}/result", headers=branch.headers())
        assert after.status_code == 200 and after.json == before
        with fresh.app_context():
            db.engine.dispose()
        other_key = make_app(SQLALCHEMY_DATABASE_URI=restored.render_as_string(hide_password=False),
                             SECRET_KEY="another-installation-" + "k" * 32)
        with other_key.app_context(), pytest.raises(Exception):  # noqa: B017 - the cipher's own error
            _opened_ballots(db.session, sid)
        with other_key.app_context():
            db.session.remove()
            db.engine.dispose()
    finally:
        subprocess.run(["psql", admin, "-qc", f'DROP DATABASE IF EXISTS "{restored.database}" WITH (FORCE)'],
                       check=False, env={**os.environ})
