"""Adapters: what the use cases reach the outside through — PDF rendering, file storage, spreadsheets, keys and
ciphers, database locks and helpers, WeChat pushes. They import no use case (server.services)."""
