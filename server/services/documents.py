"""Documents of a person's record (PDF or images): type-checked by their first bytes, size-limited, kept by the
storage backend (settings.document_dir by default), served only to staff in scope."""
from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.orm import Session

from server import settings
from server.adapters.storage import DocumentStorage, LocalFolderStorage
from server.domain.errors import NotFound, RuleViolation
from server.domain.roster import clean_filename
from server.domain.steps import STEPS
from server.models import RecordDocument
from server.services import audit
from server.services.scope import Principal, get_person

MAX_BYTES = 10 * 1024 * 1024
FILE_TYPES = {b"%PDF-": "application/pdf", b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}
EXTENSIONS = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}


def named_by_type(filename: str, kind: str, default: str) -> str:
    """The uploaded name with the extension of what the file is (a PDF sent as poly.html comes back as poly.pdf)."""
    stem = (clean_filename(filename) or default).rsplit(".", 1)[0] or default
    return f"{stem[:150]}{EXTENSIONS[kind]}"


def storage() -> DocumentStorage:
    return LocalFolderStorage(settings.current().document_dir)


def content_type(data: bytes) -> str | None:
    """What the file is, from its first bytes (never from its name or the browser's word)."""
    return next((mime for magic, mime in FILE_TYPES.items() if data.startswith(magic)), None)


def checked_type(data: bytes) -> str:
    """A document's type, once it is known to be a non-empty PDF, PNG or JPEG of at most 10 MB."""
    if not data:
        raise RuleViolation("文件是空的", code="empty_file", fields={"file": ["文件是空的"]})
    if len(data) > MAX_BYTES:
        raise RuleViolation(f"文件不能超过 {MAX_BYTES // 1024 // 1024} MB", code="file_too_large",
                            fields={"file": ["文件过大"]})
    kind = content_type(data)
    if kind is None:
        raise RuleViolation("只能上传 PDF、PNG 或 JPEG 文件", code="file_type", fields={"file": ["文件类型不支持"]})
    return kind


def upload(db: Session, principal: Principal, person_id: int, data: bytes, filename: str,
           step_key: str | None) -> RecordDocument:
    person = get_person(db, principal, person_id, write=True)
    if step_key is not None and step_key not in STEPS:
        raise RuleViolation("没有这个环节", code="step_not_found", fields={"step_key": ["未知的环节"]})
    kind = checked_type(data)
    document = RecordDocument(person_id=person.id, step_key=step_key, filename=named_by_type(filename, kind, "文件"),
                              content_type=kind, size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                              storage_key=storage().put(data), uploaded_by=principal.account_id)
    db.add(document)
    db.flush()
    audit.record(db, principal, "record.document_added", "person", person.id, person.org_id, step=step_key,
                 document_id=document.id)
    return document


def list_documents(db: Session, principal: Principal, person_id: int) -> list[RecordDocument]:
    person = get_person(db, principal, person_id)
    return list(db.scalars(select(RecordDocument).where(RecordDocument.person_id == person.id)
                           .order_by(RecordDocument.id)))


def download(db: Session, principal: Principal, document_id: int) -> tuple[RecordDocument, bytes]:
    document = db.get(RecordDocument, document_id) if isinstance(document_id, int) else None
    if document is None:
        raise NotFound("找不到该文件", code="document_not_found")
    get_person(db, principal, document.person_id)  # NotFound outside the caller's subtree
    data = storage().get(document.storage_key)
    if data is None:
        raise NotFound("文件已不在存储中", code="document_missing")
    return document, data


def replace_attachment(row, prefix: str, data: bytes, filename: str, default_name: str) -> None:
    """Store `data` as the attachment of `row` (its `<prefix>_key`, `_name`, `_type` columns: a warning's report,
    a 责任追究 decision, a written opinion's scan), checked for type, and drop the one it replaces."""
    kind = checked_type(data)
    store = storage()
    old = getattr(row, f"{prefix}_key")
    setattr(row, f"{prefix}_key", store.put(data))
    setattr(row, f"{prefix}_name", named_by_type(filename, kind, default_name))
    setattr(row, f"{prefix}_type", kind)
    if old:
        store.delete(old)


def attachment(row, prefix: str, missing: str) -> tuple[str, str, bytes]:
    """(name, type, bytes) of the attachment of `row`, or NotFound saying `missing`."""
    key = getattr(row, f"{prefix}_key")
    data = storage().get(key) if key else None
    if data is None:
        raise NotFound(missing, code="document_not_found")
    return getattr(row, f"{prefix}_name"), getattr(row, f"{prefix}_type"), data
