"""The phones of a session sealed by its tellers (DESIGN §12), played by the protocol's Python side, so that the
voting tests run unchanged with either sealing: `VotersPhones` is a test client that, for a session it sealed,
names two tellers whose phones make the key before the vote, encrypts and proves each voter's answers as the
H5 does (a retry re-sends the same ciphertexts), and has both tellers confirm the tally right after close."""
import json
import threading

from flask.testing import FlaskClient

from server.domain import kinds
from server.domain.e2e import ballot, elgamal, group, proofs
from server.domain.e2e.sealing import share_context
from server.domain.e2e.transcript import context as session_context
from server.domain.errors import DomainError

TELLER_NAMES = {"counter": "王计票", "monitor": "李监票"}


class TellerPhone:
    """A teller's phone: keeps its secret share, publishes its public part, confirms the tally."""

    def __init__(self, client, token):
        self.client, self.token, self.secret = client, token, None

    def view(self):
        response = self.client.get(f"/api/v1/public/tellers/{self.token}")
        assert response.status_code == 200, response.json
        return response.json

    def make_key(self, expect=200, forge=False):
        page = self.view()
        self.secret = group.random_scalar()
        public = group.base_mul(self.secret)
        proof = proofs.prove_knowledge(share_context(page["sealing"]["uid"], page["role"]),
                                       self.secret + (1 if forge else 0), public)
        response = self.client.put(f"/api/v1/public/tellers/{self.token}/key",
                                   json={"public_key": public.hex(), "proof": proof.as_json()})
        assert response.status_code == expect, response.json
        return response.json

    def confirm(self, expect=200, wrong=False):
        sealing = self.view()["sealing"]
        if sealing["entries"] is None and expect == 200:  # confirmed already
            return sealing
        key = bytes.fromhex(sealing["public_key"])
        context, share = session_context(sealing["uid"], key), bytes.fromhex(sealing["my_public_key"])
        secret = self.secret + (1 if wrong else 0)
        parts = []
        for entry in sealing["entries"]:
            alpha = bytes.fromhex(entry["alpha"])
            d = group.mul(secret, alpha)
            parts.append({"d": d.hex(), "proof": proofs.prove_equal_logs(context, secret, share, alpha, d).as_json()})
        response = self.client.put(f"/api/v1/public/tellers/{self.token}/decryption", json={"decryption": parts})
        assert response.status_code == expect, response.json
        return response.json


class SealedSessions:
    """Per app: the sessions these phones sealed, their tellers' phones, and each submission's ballot once built."""

    def __init__(self):
        self.lock = threading.Lock()
        self.tellers: dict[int, dict[str, TellerPhone]] = {}
        self.staff: dict[int, dict] = {}
        self.layouts: dict[int, tuple] = {}
        self.submissions: dict[tuple, dict] = {}

    @staticmethod
    def of(app) -> "SealedSessions":
        return app.extensions.setdefault("sealing_phones", SealedSessions())


class VotersPhones(FlaskClient):
    """A test client whose voters' phones encrypt under the tellers' key (see the module's docstring)."""

    def open(self, *args, **kwargs):
        path = args[0] if args and isinstance(args[0], str) else kwargs.get("path", "")
        method = kwargs.get("method", "GET")
        sealed = SealedSessions.of(self.application)
        if method == "POST" and path == "/api/v1/ballots" and isinstance(kwargs.get("json"), dict):
            kwargs["json"] = self._sealed_body(sealed, kwargs["json"], kwargs.get("headers"))
        response = super().open(*args, **kwargs)
        parts = path.split("?", 1)[0].strip("/").split("/")
        if method == "POST" and response.status_code == 201 and parts[-1] == "sessions" and parts[-3] == "meetings":
            self._seal(sealed, response.json["id"], kwargs.get("headers"))
        elif method == "POST" and response.status_code == 200 and parts[-1] == "open" and int(parts[-2]) in sealed.tellers:
            self._layout(sealed, int(parts[-2]))  # the ballot form, as each phone loads it before the vote
        elif method == "POST" and response.status_code == 200 and parts[-1] == "tellers":
            self._make_keys(sealed, int(parts[-2]), response.json["links"])
        elif (method == "POST" and response.status_code == 200 and parts[-1] == "close"
              and int(parts[-2]) in sealed.tellers and response.json.get("state") == "closed"):
            for phone in sealed.tellers[int(parts[-2])].values():
                phone.confirm()
        return response

    def _seal(self, sealed, sid, headers):
        sealed.staff[sid] = dict(headers or {})
        named = super().open(f"/api/v1/sessions/{sid}/tellers", method="POST", headers=headers, json=TELLER_NAMES)
        assert named.status_code == 200, named.json
        self._make_keys(sealed, sid, named.json["links"], choose=True)

    def _make_keys(self, sealed, sid, links, choose=False):
        if sid not in sealed.staff:
            return
        if choose:
            chosen = super().open(f"/api/v1/sessions/{sid}/sealing", method="PUT", headers=sealed.staff[sid],
                                  json={"sealing": "tellers"})
            assert chosen.status_code == 200, chosen.json
        sealed.tellers[sid] = {link["role"]: TellerPhone(self, link["token"]) for link in links}
        for phone in sealed.tellers[sid].values():
            phone.make_key()

    def _layout(self, sealed, sid):
        with sealed.lock:
            if sid not in sealed.layouts:
                session = super().open(f"/api/v1/sessions/{sid}", headers=sealed.staff[sid]).json
                if session["sealing"]["public_key"] is None:  # not open yet: no ballot form, nothing to encrypt
                    return None
                kind = kinds.session_kind(session["kind"])
                key = bytes.fromhex(session["sealing"]["public_key"])
                questions = ballot.layout(kind.answer_key, kind.scale, [o["id"] for o in session["options"]],
                                          session["max_choices"])
                sealed.layouts[sid] = (session_context(session["sealing"]["uid"], key), key, questions, session)
            return sealed.layouts[sid]

    def _sealed_body(self, sealed, body, headers):
        sid = body.get("session_id")
        if sid not in sealed.tellers or not isinstance(body.get("answers"), dict) or "sealed" in body["answers"]:
            return body
        layout = self._layout(sealed, sid)
        if layout is None:
            return body
        context, key, questions, session = layout
        kind = kinds.session_kind(session["kind"])
        try:
            answers = kind.normalize_answers(body["answers"], [o["id"] for o in session["options"]],
                                             session["max_choices"])
        except DomainError:  # what the ballot does not allow can only be sent with a proof that does not hold
            return {**body, "answers": {"sealed": _forged(context, key, questions, kind)}}
        voter = body.get("code") or (headers or {}).get("Authorization") or body.get("join")
        submission = (sid, voter, json.dumps(answers, sort_keys=True))
        with sealed.lock:
            if submission not in sealed.submissions:  # the phone keeps its ballot: a retry sends the same one
                sealed.submissions[submission] = ballot.encrypt(context, key, questions, answers)
            return {**body, "answers": {"sealed": sealed.submissions[submission]}}


def _forged(context, key, questions, kind) -> dict:
    """A ballot whose first option encrypts a 2 under the proof of a 0 or 1: a phone altered to vote twice."""
    marks = [] if kind.scale is None else {q.key.split(":", 1)[1]: q.options[0] for q in questions}
    honest = {kind.answer_key: marks}
    forged = ballot.encrypt(context, key, questions, honest)
    two, _ = elgamal.encrypt(key, 2)
    forged["questions"][0]["options"][0].update(alpha=two.alpha.hex(), beta=two.beta.hex())
    return forged
