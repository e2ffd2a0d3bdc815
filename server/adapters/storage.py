"""Where documents are kept: an interface with put/get/delete by key, and its default, a local folder.

An object store (S3, OSS, MinIO) replaces the folder by implementing the same three methods and naming its class
in DOCUMENT_STORAGE; the database keeps only the key, the name, the type, the size and a SHA-256.
"""
from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path
from typing import Protocol


class DocumentStorage(Protocol):
    def put(self, data: bytes) -> str: ...

    def get(self, key: str) -> bytes | None: ...

    def delete(self, key: str) -> None: ...


class LocalFolderStorage:
    """Files under a folder (default instance/documents), named by random keys, never by what users send."""

    def __init__(self, root: str | Path):
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        if not key.isalnum():  # keys are ours; anything else is not a key
            raise KeyError(key)
        return self.root / key[:2] / key

    def put(self, data: bytes) -> str:
        key = secrets.token_hex(24)
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".part")
        tmp.write_bytes(data)
        os.replace(tmp, path)
        return key

    def get(self, key: str) -> bytes | None:
        try:
            return self._path(key).read_bytes()
        except (KeyError, FileNotFoundError):
            return None

    def delete(self, key: str) -> None:
        with contextlib.suppress(KeyError):
            self._path(key).unlink(missing_ok=True)
