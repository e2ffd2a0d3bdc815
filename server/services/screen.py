"""The meeting screen (会场大屏) while a session is open: the rotating join QR and mini-program code."""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from server import clock
from server.adapters import pdf
from server.domain import credentials, vote_states
from server.models import VoteSession
from server.services import codes
from server.services.meetings import get_vote_session
from server.services.scope import Principal
from server.services.voting_rights import join_key

MP_VOTE_PAGE = "pages/vote/ballot"


def _open_for_screen(db: Session, principal: Principal, vote_id: int) -> VoteSession:
    vote = get_vote_session(db, principal, vote_id, write=True)
    vote_states.require(vote.state, frozenset({"open"}), "表决进行中才显示投票二维码", "session_not_open")
    return vote


def join_mp_code(db: Session, principal: Principal, vote_id: int, gateway, cache) -> bytes:
    """The rotating mini-program code of the meeting screen (getUnlimited with the short join token as its
    scene), fetched from WeChat once per rotation window and session: WeChat limits how often it may be asked."""
    vote = _open_for_screen(db, principal, vote_id)
    scene, expires = credentials.scene_token(join_key(), vote.id, clock.timestamp())
    key = f"mp-code:{scene}"
    image = cache.get(key) if cache is not None else None
    if image is None:
        image = gateway.get_unlimited_code(scene, page=MP_VOTE_PAGE)
        if cache is not None:
            cache.set(key, image, ex=max(1, int(expires - clock.timestamp()) + credentials.ROTATION_SECONDS))
    return image


def join_qr(db: Session, principal: Principal, vote_id: int) -> dict:
    """The rotating QR of the meeting screen (staff only, while open)."""
    vote = _open_for_screen(db, principal, vote_id)
    token, expires = credentials.join_token(join_key(), vote.id, clock.timestamp())
    url = codes.vote_link(join=token)
    svg = pdf.qr_svg(url)
    return {"url": url, "token": token, "expires_at": datetime.fromtimestamp(expires, UTC), "svg": svg,
            "rotation_seconds": credentials.ROTATION_SECONDS}
