"""Write regkit.mo from regkit.po for every language of src/regkit/i18n/locale.

Run after editing a .po; tests/test_i18n.py fails while a .mo is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from regkit.i18n.catalogue import mo_bytes, read_po  # noqa: E402


def main() -> int:
    for po in sorted((ROOT / "src/regkit/i18n/locale").glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        mo.write_bytes(mo_bytes(read_po(po)))
        print(f"wrote {mo.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
