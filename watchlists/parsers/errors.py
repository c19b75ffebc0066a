"""The one exception a list parser raises for input it cannot read."""

from __future__ import annotations

__all__ = ["ListFormatError"]


class ListFormatError(ValueError):
    """A list file that cannot be parsed, naming the file and where in it."""

    def __init__(self, file: str, location: str, message: str) -> None:
        self.file = file
        self.location = location
        self.message = message
        where = f"{file}, {location}" if location else file
        super().__init__(f"{where}: {message}")
