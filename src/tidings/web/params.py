"""Ids in addresses and queries, bounded like the store's ids.

An id past ``MAX_ID`` cannot name a row, and binding it fails (SQLite refuses
integers past 64 bits): bounding it here makes it a validation error, which
``web/errors.py`` answers with the 404 any unknown id gets.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path
from pydantic import Field

from tidings.store.schema import MAX_ID

RowId = Annotated[int, Path(ge=1, le=MAX_ID)]
QueryRowId = Annotated[int, Field(ge=1, le=MAX_ID)]
