"""Broker failures an operator can fix, in plain words.

``tidings status`` and ``tidings scheduler`` talk to Redis directly; a broker
that is down is a deployment problem, not a bug, so the command line says so
in one line instead of a traceback.
"""

from __future__ import annotations


def explain(exc: BaseException) -> str | None:
    """A plain explanation of ``exc`` when the broker cannot be reached, else None."""
    try:
        from redis.exceptions import ConnectionError, TimeoutError
    except ImportError:  # without the `scale` extra no broker error can happen
        return None
    if isinstance(exc, ConnectionError | TimeoutError):
        return f"The broker cannot be reached ({exc}). Check broker_url and that Redis runs."
    return None
