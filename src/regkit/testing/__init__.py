"""`regkit.testing`: what regkit's own property tests use, for the tests of any pack.

- `regkit.testing.invariants` (no dependency): the properties every answer must have
  (a working-day due date is a working day, a later trigger never gives an earlier date,
  an extension never shortens nor exceeds its maximum, lateness is zero exactly when on
  time), each a function returning what it found broken; `check_library` runs them all
  on a library, as `regkit check` does.
- `regkit.testing.strategies` (needs hypothesis, installed by `regkit[test]`): dates,
  events and histories that make sense under any jurisdiction of a library.

See docs/testing.md.
"""

from .invariants import (check_extension, check_library, check_result, check_trigger_order,
                         matching_event)

__all__ = ["check_extension", "check_library", "check_result", "check_trigger_order", "matching_event"]
