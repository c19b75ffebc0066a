"""The typed bundle of services that handlers and jobs reach through the context."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from bot.settings import Settings
from storage.types import utcnow

if TYPE_CHECKING:
    from bot.matching_state import MatcherState
    from bot.pipeline import Pipeline

__all__ = ["Services"]


@dataclass(slots=True)
class Services:
    """Everything built once at start-up and shared by handlers, jobs and the HTTP edge.

    `clock` returns aware UTC now; tests pass a frozen clock to fix digest times.
    """

    settings: Settings
    engine: Engine
    matcher: MatcherState
    pipeline: Pipeline
    clock: Callable[[], datetime] = field(default=utcnow)
