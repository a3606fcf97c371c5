"""The application: versioned routes over the library, each answer what the CLI prints.

Bodies are read here, within the size limit, and handed to the library's own
validation, so a bad history gets the message `regkit evaluate` gives for it.
Parsing and evaluation run in the thread pool: a long history never stalls the event
loop (and with it /healthz and the requests of others); measured, evaluating small
bodies on the loop instead saved nothing for one client and cost a third of the
throughput for eight (docs/performance.md). Results are the library's JSON text,
written once by `regkit.to_json`, never re-serialised: byte for byte what
`regkit evaluate --format json` prints.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any, Callable

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import HistoryError, InputError, RegkitError
from .errors import error_body, error_bytes, localized, of_exception, status_of
from .middleware import Guard
from .openapi import component_schemas, to_openapi_30
from .schemas import COMPONENTS
from .settings import Settings

__all__ = ["create_app"]

JSON = "application/json"
NDJSON = "application/x-ndjson"


class TooLarge(Exception):
    """A request body past the limit: 413."""

    def __init__(self, size: int | None, limit: int) -> None:
        told = f"{size} bytes" if size is not None else f"more than {limit} bytes"
        super().__init__(f"request body too large ({told}; the limit is {limit})")


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def _answers(ok: str | None, *errors: int, media: str = JSON) -> dict[int | str, Any]:
    """The documented answers of a route: 200 with schema `ok`, and its error codes."""
    out: dict[int | str, Any] = {}
    if ok is not None:
        out[200] = {"content": {media: {"schema": _ref(ok)}}, "description": "the answer"}
    reasons = {401: "no or wrong bearer token", 404: "no such rule, jurisdiction or article",
               413: "request body too large", 422: "input refused: the message names the field or line",
               500: "a bug (reported in one line, never a traceback)"}
    for code in (*errors, 401, 500):
        out[code] = {"content": {JSON: {"schema": _ref("Error")}}, "description": reasons[code]}
    return out


def _body(name: str, media: str = JSON) -> dict[str, Any]:
    return {"requestBody": {"required": True, "content": {media: {"schema": _ref(name)}}}}


def _json(value: Any, status: int = 200) -> Response:
    text = json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return Response(text.encode("utf-8"), status_code=status, media_type=JSON)


def _error(exc: BaseException, request: Request | None = None, *, lookup: int = 422) -> Response:
    return Response(error_bytes(of_exception(exc, _error_lang(request))), status_code=status_of(exc, lookup=lookup),
                    media_type=JSON)


def _error_lang(request: Request | None) -> str | None:
    """The language of an error's message, on any route: `?lang=zh|en`, else zh for an
    Accept-Language of zh*; a `lang` that is neither is itself the error, told by the header's."""
    if request is None:
        return None
    asked = request.query_params.get("lang")
    return asked if asked in ("zh", "en") else _lang(request, None)


async def _read(request: Request, limit: int) -> bytes:
    """The whole body, refused (413) as soon as it passes `limit` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise TooLarge(int(declared), limit)
    body, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge(None, limit)
        body.append(chunk)
    return b"".join(body)


def _parse(raw: bytes) -> Any:
    """The JSON of a body; errors worded as the CLI words them for a JSON history file."""
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise HistoryError(f"not UTF-8 text (byte {exc.start})", file="request body") from None
    except json.JSONDecodeError as exc:
        raise HistoryError(f"malformed JSON: {exc.msg}", file="request body", line=exc.lineno) from None
    except RecursionError:
        raise HistoryError("nested too deeply", file="request body") from None


def _mapping(data: Any, what: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise HistoryError(f"the body must be a JSON object: {what}")
    return dict(data)


def _layers(data: dict[str, Any]) -> str:
    layers = data.pop("layers", "all")
    if layers not in ("all", "local"):
        raise HistoryError(f"layers must be 'all' or 'local', not {layers!r}", field="layers")
    return layers


def _today() -> date:
    from ..model.events import today_in_china
    return today_in_china()


def _evaluate(data: Any, lang: str | None = None) -> bytes:
    from ..batch import Options, evaluate_one
    from ..engine import to_json
    from ..i18n.results import localize_result
    item = _mapping(data, "a history {jurisdiction, as_of, events} (and optionally layers)")
    options = Options(layers=_layers(item), default_as_of=_today())
    return to_json(localize_result(evaluate_one(item, options), lang)).encode("utf-8")


_LANG_DOC = ("the language of the texts a result carries (readings, reasons), as `--lang` on the command "
             "line: zh or en; without it, a first Accept-Language of zh* gives zh, else the identifiers' "
             "English. Identifiers are never translated.")


def _lang(request: Request, lang: str | None) -> str | None:
    """`lang` when given; else zh where the first language the caller accepts is Chinese;
    else None (English, the same bytes as the command line without --lang)."""
    if lang is not None:
        if lang not in ("zh", "en"):
            raise InputError(f"lang must be zh or en, not {lang!r}", field="lang")
        return lang
    first = request.headers.get("accept-language", "").split(",")[0].split(";")[0].strip().lower()
    return "zh" if first.startswith("zh") else None


def _compare(data: Any, lang: str | None = None) -> bytes:
    from ..comparison import compare_history
    from ..engine import to_json
    item = _mapping(data, "a history {as_of, events} (and optionally layers)")
    layers = _layers(item)
    for key in item:
        if key not in ("jurisdiction", "as_of", "events"):
            raise HistoryError(f"unknown key {key!r} (a history has: jurisdiction, as_of, events, layers)",
                               field=str(key))
    if not isinstance(item.get("events"), list):
        raise HistoryError("'events' must be a list of events", field="events")
    as_of = item.get("as_of") or _today()
    compared = compare_history(item["events"], as_of=as_of, layers=layers)
    if lang is not None:
        from ..i18n.results import localize_result
        compared = {**compared, "results": {pid: localize_result(result, lang)
                                            for pid, result in compared["results"].items()}}
    return to_json(compared).encode("utf-8")


_AGENDA_KEYS = ("histories", "within", "as_of", "layers")


def _agenda(data: Any) -> bytes:
    from ..engine.evaluate import _as_date
    from ..engine.plan import plan_for
    from ..history import history_from_data
    from ..upcoming import agenda
    item = _mapping(data, "{histories: [history...], within, as_of, layers}")
    layers = _layers(item)
    for key in item:
        if key not in _AGENDA_KEYS:
            raise InputError(f"unknown key {key!r} (an agenda request has: {', '.join(_AGENDA_KEYS)})",
                             field=str(key))
    raw = item.get("histories")
    if not isinstance(raw, list) or not raw:
        raise InputError("'histories' must be a non-empty list of histories", field="histories")
    histories = []
    for index, one in enumerate(raw):
        name = f"histories[{index}]"  # the `history` of each item, and where an error points
        try:
            history = history_from_data(one, name)
            if not history.jurisdiction:
                raise InputError("no jurisdiction: put 'jurisdiction' in the history", field="jurisdiction")
            plan_for(history.jurisdiction, layers)  # an unknown one is refused here, before any work
        except InputError as exc:  # no line: the body was read whole, lines would mislead
            raise type(exc)(exc.reason, field=f"{name}.{exc.field}" if exc.field else name) from None
        except RegkitError as exc:  # the same kind of error /v1/evaluate gives, naming the history
            raise type(exc)(f"{name}: {exc}") from None
        histories.append(history)
    as_of = item.get("as_of")
    as_of = _as_date(as_of, "as_of") if as_of is not None else None
    found = agenda(histories, within=item.get("within", 5), as_of=as_of, layers=layers)
    return _json_bytes(found)


_CLAIM = ("share_type", "legal_basis", "approved_by_government", "reasons_stated", "conditions_listed",
          "open_type", "dedicated")


def _classify(data: Any) -> list:
    from ..engine.classify import classify_claim
    from ..engine.evaluate import _as_date
    from ..packs import get_pack
    if not isinstance(data, dict):
        raise HistoryError("the body must be a JSON object: a claim {jurisdiction, share_type, ...}")
    item = dict(data)
    layers = _layers(item)
    for key in item:
        if key not in ("jurisdiction", "on", *_CLAIM):
            raise InputError(f"unknown key {key!r} (a claim has: jurisdiction, on, layers, "
                             f"{', '.join(_CLAIM)})", field=str(key))
    jurisdiction = item.pop("jurisdiction", None)
    if not isinstance(jurisdiction, str):
        raise InputError("'jurisdiction' must be a jurisdiction id such as 'hebei'", field="jurisdiction")
    get_pack(jurisdiction)
    on = item.pop("on", None)
    on = _as_date(on, "on") if on is not None else None
    claim = {"legal_basis": "none", "approved_by_government": False, "reasons_stated": False,
             "conditions_listed": False, "open_type": "not_open", "dedicated": False, **item}
    return classify_claim(jurisdiction, claim, on=on, layers=layers)


def create_app(settings: Settings | None = None) -> FastAPI:
    """The application for `settings` (the packs and calendar are loaded now, once)."""
    from ..calendar import default_calendar
    from ..packs import current_packs

    settings = settings or Settings()
    packs = current_packs()  # the bundled ones, or the library of --rules
    calendar = default_calendar()
    receipt = {"regkit_version": __version__, "packs": [p.receipt() for p in packs.values()],
               "calendar": calendar.receipt()}
    app = FastAPI(title="regkit", version=__version__, docs_url=None, redoc_url=None,
                  generate_unique_id_function=lambda route: route.name,  # operationId: evaluate, ...
                  description="Chinese government-data-sharing regulations as data: deadlines, "
                              "classification and liability for an event history, each answer "
                              "citing its article. 政务数据共享条例及地方规定的规则引擎。")
    app.add_middleware(Guard, token=settings.token(), receipt=receipt)

    async def answer(request: Request, work: Callable[[Any], Any], *, lookup: int = 422) -> Response:
        try:
            raw = await _read(request, settings.max_body_bytes)
            return Response(await run_in_threadpool(lambda: work(_parse(raw))), media_type=JSON)
        except TooLarge as exc:
            return Response(error_bytes(error_body(localized(str(exc), _error_lang(request)), "PayloadTooLarge",
                                                   field="body")), status_code=413, media_type=JSON)
        except Exception as exc:  # noqa: BLE001 - every failure is one JSON line
            return _error(exc, request, lookup=lookup)

    async def answer_in(request: Request, lang: str | None, work: Callable[[Any, str | None], bytes]) -> Response:
        """`answer`, with the language the caller asked for (`lang`, else Accept-Language)."""
        try:
            chosen = _lang(request, lang)
        except InputError as exc:
            return _error(exc, request)
        return await answer(request, lambda data: work(data, chosen))

    @app.post("/v1/evaluate", tags=["evaluate"], response_class=Response, openapi_extra=_body("HistoryRequest"),
              responses=_answers("Result", 413, 422),
              summary="the deadlines, classifications, findings and conflicts of a history")
    async def evaluate(request: Request, lang: str | None = Query(None, description=_LANG_DOC)) -> Response:
        """The same JSON as `regkit evaluate --format json [--lang L]` for the same history."""
        return await answer_in(request, lang, _evaluate)

    @app.post("/v1/compare", tags=["evaluate"], response_class=Response, openapi_extra=_body("HistoryRequest"),
              responses=_answers("CompareResult", 413, 422),
              summary="a history under every bundled jurisdiction")
    async def compare(request: Request, lang: str | None = Query(None, description=_LANG_DOC)) -> Response:
        """The same JSON as `regkit evaluate --compare --format json [--lang L]`."""
        return await answer_in(request, lang, _compare)

    @app.post("/v1/classify", tags=["evaluate"], response_class=Response, openapi_extra=_body("ClassifyRequest"),
              responses=_answers("ClassificationList", 413, 422),
              summary="judge a data classification, one item per layer")
    async def classify(request: Request) -> Response:
        """The same JSON as `regkit classify --format json` (absent flags: false, basis none)."""
        return await answer(request, lambda data: _json_bytes(_classify(data)))

    @app.post("/v1/agenda", tags=["evaluate"], response_class=Response, openapi_extra=_body("AgendaRequest"),
              responses=_answers("Agenda", 413, 422),
              summary="the binding duties overdue or due within N working days, across histories")
    async def agenda(request: Request) -> Response:
        """The same JSON as `regkit agenda --format json`; each item's `history` is
        `histories[i]`, the history's place in the request."""
        return await answer(request, _agenda)

    @app.post("/v1/batch", tags=["evaluate"], response_class=Response,
              openapi_extra=_body("HistoryRequest", NDJSON),
              responses=_answers("BatchRecord", 422, media=NDJSON),
              summary="JSON Lines of histories in, one record per line out, streamed")
    async def batch(request: Request,
                    jurisdiction: str | None = Query(None, description="overrides each line's"),
                    as_of: date | None = Query(None, description="overrides each line's; default today in China"),
                    layers: str = Query("all", pattern="^(all|local)$"),
                    compare: bool = Query(False, description="each history under every jurisdiction"),
                    record: str = Query("full", pattern="^(full|compact)$")) -> Response:
        """Records flow while input arrives, in input order, as `regkit batch` writes them: a bad
        line (malformed, too long, refused) is an error record naming its line; the run goes on."""
        from ..batch import Options
        try:
            if compare and jurisdiction:
                raise InputError("compare evaluates under every jurisdiction; leave out jurisdiction",
                                 field="jurisdiction")
            if jurisdiction:
                from ..engine.plan import plan_for
                plan_for(jurisdiction, layers)
        except Exception as exc:  # noqa: BLE001
            return _error(exc, request)
        options = Options(jurisdiction=jurisdiction, as_of=as_of, layers=layers, default_as_of=_today(),
                          compare=compare, record=record)
        from .stream import StreamingLines, batch_lines
        return StreamingLines(batch_lines(request.stream(), options), NDJSON)

    @app.get("/v1/jurisdictions", tags=["library"], response_class=Response,
             responses=_answers("JurisdictionList"), summary="the bundled packs")
    async def jurisdictions() -> Response:
        from ..packs import describe_packs
        return _json(describe_packs())

    @app.get("/v1/rules/{rule_id}", tags=["library"], response_class=Response,
             responses=_answers("RuleExplanation", 404), summary="a rule, its article text and reading")
    async def rule(request: Request, rule_id: str,
                   lang: str | None = Query(None, description=_LANG_DOC)) -> Response:
        from ..explanation import explain, find_rule
        try:
            chosen = _lang(request, lang)
            pack, found = find_rule(rule_id)
            return _json({"id": found.id, "jurisdiction": pack.id, "text": explain(rule_id, lang=chosen or "en"),
                          "rule": found.model_dump(mode="json", by_alias=True, exclude_none=True)})
        except Exception as exc:  # noqa: BLE001
            return _error(exc, request, lookup=404)

    @app.get("/v1/sources/{jurisdiction}/{article}", tags=["library"], response_class=Response,
             responses=_answers("SourceArticle", 404, 422), summary="the normalised text of an article")
    async def source(request: Request, jurisdiction: str, article: int,
                     document: str | None = Query(None, description="another document of the jurisdiction")
                     ) -> Response:
        from ..sources import source_text
        try:
            text = source_text(jurisdiction, article, document)
        except Exception as exc:  # noqa: BLE001
            return _error(exc, request, lookup=404)
        return _json({"jurisdiction": jurisdiction, "document": document or jurisdiction, "article": article,
                      "text": text})

    @app.get("/v1/calendar/add", tags=["calendar"], response_class=Response,
             responses=_answers("CalendarAnswer", 422), summary="the n-th working day after date (n < 0: before)")
    async def calendar_add(request: Request, date: date = Query(..., description="YYYY-MM-DD"),  # noqa: A002 - the query's name
                           n: int = Query(..., description="working days")) -> Response:
        try:
            day = calendar.add_working_days(date, n)
            return _json(_calendar_answer(calendar, day.isoformat(), date, day))
        except Exception as exc:  # noqa: BLE001
            return _error(exc, request)

    @app.get("/v1/calendar/between", tags=["calendar"], response_class=Response,
             responses=_answers("CalendarAnswer", 422), summary="working days in (start, end]")
    async def calendar_between(request: Request, start: date = Query(..., description="YYYY-MM-DD"),
                               end: date = Query(..., description="YYYY-MM-DD")) -> Response:
        try:
            count = calendar.working_days_between(start, end)
            return _json(_calendar_answer(calendar, count, start, end))
        except Exception as exc:  # noqa: BLE001
            return _error(exc, request)

    @app.get("/v1/version", tags=["service"], response_class=Response, responses=_answers("Receipt"),
             summary="the receipt: regkit version, every pack's version and hash, calendar data")
    async def version() -> Response:
        """Also sent on every answer as the headers X-Regkit-Version, X-Regkit-Packs and
        X-Regkit-Calendar, so a caller can log which law answered."""
        return _json(receipt)

    @app.get("/healthz", tags=["service"], response_class=Response, responses=_answers("Health"),
             summary="the service is up (no token needed)")
    async def healthz() -> Response:
        return Response(b'{"status":"ok"}\n', media_type=JSON)

    _install_errors(app)
    _install_openapi(app)
    return app


def _json_bytes(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _calendar_answer(calendar, result: Any, start: date, end: date) -> dict[str, Any]:
    span = calendar.provisional_dates(min(start, end), max(start, end))
    return {"result": result, "provisional": [d.isoformat() for d in span] if span else None,
            "official_through": calendar.official_through.isoformat()}


def _install_errors(app: FastAPI) -> None:
    """The framework's own errors in the service's one error shape."""

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        field = ".".join(str(part) for part in first.get("loc", ())[1:]) or None
        lang = _error_lang(request)
        reason = localized(first.get("msg", "invalid"), lang)
        message = f"[{field}]{'：' if lang == 'zh' else ': '}{reason}" if field else reason
        return Response(error_bytes(error_body(message, "InputError", field=field)), status_code=422,
                        media_type=JSON)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        kind = {404: "NotFound", 405: "MethodNotAllowed"}.get(exc.status_code, "HTTPError")
        message = localized(str(exc.detail), _error_lang(request))
        return Response(error_bytes(error_body(message, kind)), status_code=exc.status_code,
                        media_type=JSON, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def bug(_request: Request, exc: Exception) -> Response:
        return Response(error_bytes(of_exception(exc)), status_code=500, media_type=JSON)


def _install_openapi(app: FastAPI) -> None:
    """The framework's document plus the result types; its 3.0 form; the docs page."""
    framework = app.openapi

    def document() -> dict[str, Any]:
        if app.openapi_schema is None:
            doc = framework()
            doc.setdefault("components", {}).setdefault("schemas", {}).update(component_schemas(COMPONENTS))
            app.openapi_schema = doc
        return app.openapi_schema

    app.openapi = document  # type: ignore[method-assign]

    @app.get("/openapi-3.0.json", include_in_schema=False)
    async def openapi_30() -> Response:
        return _json(to_openapi_30(document()))

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        from .docs_page import render
        return HTMLResponse(render(document()))
