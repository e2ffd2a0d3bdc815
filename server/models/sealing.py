"""A session sealed by its tellers (DESIGN §12): each teller's public key share, and after close their partial
decryptions of the summed ballots. Nothing here can decrypt a ballot: the secret shares live on the tellers' phones."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.extensions import db
from server.models.base import UTCDateTime, utcnow


class TellerKey(db.Model):
    """One teller's public share H_i = x_i·G with its proof, and later D_i = x_i·A for every summed ciphertext."""

    __tablename__ = "teller_keys"
    __table_args__ = (UniqueConstraint("session_id", "role", name="uq_teller_key_role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("vote_sessions.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(10))
    public_key: Mapped[str] = mapped_column(String(64))
    proof: Mapped[list] = mapped_column(JSON)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # After close: [{"d": point hex, "proof": [[c, s]]}, ...] aligned with the session's aggregates.
    decryption: Mapped[list | None] = mapped_column(JSON)
    decrypted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
