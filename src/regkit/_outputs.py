"""The one check every command that writes a file makes first: its output is not its input."""

from __future__ import annotations

import os
from typing import Iterable

from .errors import InputError

__all__ = ["refuse_replacing"]


def refuse_replacing(out: str | os.PathLike | None, inputs: Iterable[str | os.PathLike | None]) -> None:
    """Refuse an output file that is one of `inputs` (by any path or link): writing it would
    replace the run's own input. Standard output ('-', None) and a file not yet there pass."""
    if out is None or str(out) == "-" or not os.path.exists(out):
        return
    for given in inputs:
        if given is not None and os.path.isfile(given) and os.path.samefile(out, given):
            raise InputError("the output is the input file; choose another --out", file=str(out))
