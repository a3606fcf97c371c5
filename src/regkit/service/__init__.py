"""`regkit serve`: the library as an HTTP service, for platforms not written in Python.

Installed with the `serve` extra (FastAPI on uvicorn). `app.create_app(settings)`
builds the application; `server.serve(settings)` runs it. Nothing here is imported
until it is used, so the command line's start-up does not grow with the service.
"""

from __future__ import annotations
