"""Errors that name the file and the place, so a rejected file can be explained."""

from __future__ import annotations


class ReadError(Exception):
    """A file could not be read or parsed at all.

    `place` says where in the file the problem sits (a line, a sheet, a byte
    offset, or "whole file").
    """

    def __init__(self, file: str, reason: str, place: str = "whole file") -> None:
        self.file = file
        self.reason = reason
        self.place = place
        super().__init__(f"{file} ({place}): {reason}")
