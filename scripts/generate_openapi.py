"""Write docs/openapi.json: the service's OpenAPI document in 3.0, for Java client generators.

    python scripts/generate_openapi.py

tests/test_service.py fails while the file differs from what the running service serves.
"""

from __future__ import annotations

from pathlib import Path

from regkit.service.app import create_app
from regkit.service.openapi import openapi_30_text

TARGET = Path(__file__).resolve().parent.parent / "docs" / "openapi.json"

if __name__ == "__main__":
    TARGET.write_text(openapi_30_text(create_app().openapi()), encoding="utf-8")
    print(f"wrote {TARGET}")
