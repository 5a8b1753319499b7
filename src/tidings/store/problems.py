"""Database failures an operator can fix, in plain words.

A full disk, a read-only file or an unreachable server is not a bug: the
command line says what is wrong and how to fix it instead of printing a
traceback. SQLite rolls back the transaction that failed, so nothing half
written is left behind; the message says so.
"""

from __future__ import annotations

import errno

from sqlalchemy.exc import OperationalError, SQLAlchemyError

from tidings.store.database import SchemaTooNew

# (words in the driver's message, what to tell the operator)
KNOWN = (
    (
        ("database or disk is full", "no space left"),
        "The disk holding the database is full. Free some space or move data_dir;"
        " the write that failed was rolled back, nothing half-written was kept.",
    ),
    (
        ("readonly database", "read-only", "readonly"),
        "The database is read-only. Give the Tidings user write access to the database file"
        " and its folder; `tidings serve` can still show what is stored.",
    ),
    (
        ("unable to open database file",),
        "The database file cannot be opened. Check that data_dir exists and is writable.",
    ),
    (
        ("database is locked",),
        "The database stayed locked by another process for too long. Stop the other writer"
        " or try again.",
    ),
    (
        ("connection refused", "could not connect", "could not translate host name"),
        "The database server cannot be reached. Check database_url and that the server runs.",
    ),
)


def explain(exc: BaseException) -> str | None:
    """A plain explanation of ``exc`` when it is a known operational failure, else None."""
    if isinstance(exc, SchemaTooNew):
        return str(exc)
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EROFS, errno.EACCES):
        return _known(str(exc).lower()) or f"The data folder cannot be written: {exc}."
    if not isinstance(exc, SQLAlchemyError):
        return None
    detail = str(getattr(exc, "orig", None) or exc).splitlines()[0]
    known = _known(detail.lower())
    if known:
        return f"{known} ({detail})"
    if isinstance(exc, OperationalError):
        return f"The database refused the operation: {detail}"
    return None


def _known(message: str) -> str | None:
    for words, advice in KNOWN:
        if any(word in message for word in words):
            return advice
    return None
