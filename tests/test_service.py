"""`regkit serve`: a real server (uvicorn on a free localhost port) called with a real client.

Every route, every error code, the streaming batch, the token and the OpenAPI
document's freshness; answers byte-identical to the library and the command line.
"""

from __future__ import annotations

import dataclasses
import io
import json
import time
from datetime import date
from pathlib import Path

import httpx
import pytest
import yaml

import regkit
from regkit.batch import Options
from regkit.batchfile import MAX_LINE_BYTES, run_stream
from regkit.cli import main
from regkit.history import MAX_EVENTS, load_history
from regkit.service.openapi import openapi_30_text
from regkit.service.server import in_background
from regkit.service.settings import Settings

from chunked import open_batch, read_until, send_chunk, send_last

ROOT = Path(__file__).parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))


@pytest.fixture(scope="module")
def base():
    with in_background() as url:
        yield url


@pytest.fixture(scope="module")
def client(base):
    with httpx.Client(base_url=base, timeout=60) as c:
        yield c


def _mapping(path: Path) -> dict:
    """The history file as the JSON body a platform would send (YAML dates as ISO text)."""
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))


def _cli(capsys, *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out


# -- answers: the same bytes as the library and the command line ------------------------------

@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_evaluate_answers_exactly_what_the_library_and_the_cli_give(client, capsys, path):
    answer = client.post("/v1/evaluate", json=_mapping(path))
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/json"
    history = load_history(path)
    library = regkit.to_json(regkit.evaluate(history.events, jurisdiction=history.jurisdiction,
                                             as_of=history.as_of))
    assert answer.content.decode("utf-8") == library
    assert answer.content.decode("utf-8") == _cli(capsys, "evaluate", str(path), "--format", "json")


def test_evaluate_local_layers(client, capsys):
    path = ROOT / "examples" / "hebei.yaml"
    answer = client.post("/v1/evaluate", json={**_mapping(path), "layers": "local"})
    assert answer.text == _cli(capsys, "evaluate", str(path), "--format", "json", "--layers", "local")
    assert json.loads(answer.text)["layers"] == "local"


def test_evaluate_in_chinese_as_the_cli_with_lang_zh(client, capsys):
    """?lang=zh or an Accept-Language of zh* gives the texts `--lang zh` gives; without either,
    the English bytes (a caller's locale never changes the JSON it did not ask to change)."""
    path = ROOT / "examples" / "jinzhong.yaml"
    chinese = _cli(capsys, "evaluate", str(path), "--format", "json", "--lang", "zh")
    english = _cli(capsys, "evaluate", str(path), "--format", "json")
    assert chinese != english  # the example carries readings, so the test can tell them apart
    assert client.post("/v1/evaluate?lang=zh", json=_mapping(path)).text == chinese
    assert client.post("/v1/evaluate", json=_mapping(path),
                       headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"}).text == chinese
    assert client.post("/v1/evaluate", json=_mapping(path), headers={"Accept-Language": "en-US"}).text == english
    assert client.post("/v1/evaluate?lang=en", json=_mapping(path),
                       headers={"Accept-Language": "zh-CN"}).text == english
    refused = client.post("/v1/evaluate?lang=fr", json=_mapping(path))
    assert refused.status_code == 422 and refused.json()["field"] == "lang"


def test_compare_and_rules_in_chinese_as_the_cli(client, capsys):
    path = ROOT / "examples" / "jinzhong.yaml"
    chinese = _cli(capsys, "evaluate", str(path), "--compare", "--format", "json", "--lang", "zh")
    assert chinese != _cli(capsys, "evaluate", str(path), "--compare", "--format", "json")
    assert client.post("/v1/compare?lang=zh", json=_mapping(path)).text == chinese
    explained = _cli(capsys, "explain", "hebei.catalog_update", "--lang", "zh")
    answer = client.get("/v1/rules/hebei.catalog_update", headers={"Accept-Language": "zh-CN"})
    assert answer.json()["text"] == explained and answer.json()["text"] != \
        client.get("/v1/rules/hebei.catalog_update").json()["text"]
    assert client.get("/v1/rules/hebei.catalog_update?lang=xx").status_code == 422


def test_compare_answers_what_evaluate_compare_prints(client, capsys):
    path = ROOT / "examples" / "shandong.yaml"
    answer = client.post("/v1/compare", json=_mapping(path))
    assert answer.status_code == 200, answer.text
    assert answer.text == _cli(capsys, "evaluate", str(path), "--compare", "--format", "json")


def test_classify_answers_what_the_cli_prints(client, capsys):
    answer = client.post("/v1/classify", json={"jurisdiction": "hebei", "share_type": "not_shared",
                                               "legal_basis": "local_regulation", "on": "2026-01-05"})
    assert answer.status_code == 200, answer.text
    assert answer.text == _cli(capsys, "classify", "--jurisdiction", "hebei", "--share-type", "not_shared",
                               "--basis", "local_regulation", "--on", "2026-01-05", "--format", "json")


def _agenda_json(paths, names, **options) -> str:
    """`regkit.agenda` of the files, each history named as the service names it, as JSON text."""
    histories = [dataclasses.replace(load_history(path), file=name) for path, name in zip(paths, names)]
    return json.dumps(regkit.agenda(histories, **options), ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def test_agenda_answers_what_the_library_and_the_cli_give(client, capsys):
    paths = [ROOT / "examples" / "hebei.yaml", ROOT / "examples" / "shandong.yaml"]
    body = {"histories": [_mapping(p) for p in paths], "within": 10, "as_of": "2026-11-20"}
    answer = client.post("/v1/agenda", json=body)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/json"
    library = _agenda_json(paths, ["histories[0]", "histories[1]"], within=10, as_of=date(2026, 11, 20))
    assert answer.text == library
    found = json.loads(answer.text)
    assert {item["history"] for item in found["items"]} == {"histories[0]", "histories[1]"}  # not vacuous
    # the CLI prints the same agenda, each item naming its file instead of its place in the request
    cli = json.loads(_cli(capsys, "agenda", *map(str, paths), "--within", "10", "--as-of", "2026-11-20",
                          "--format", "json"))
    for item in cli["items"]:
        item["history"] = f"histories[{[str(p) for p in paths].index(item['history'])}]"
    assert found == cli


def test_agenda_defaults_as_the_cli_does(client, capsys):
    """within 5, each history judged on its own as_of, layers all."""
    path = ROOT / "examples" / "hebei.yaml"
    answer = client.post("/v1/agenda", json={"histories": [_mapping(path)]})
    assert answer.status_code == 200, answer.text
    assert answer.text == _agenda_json([path], ["histories[0]"])
    assert json.loads(answer.text)["within"] == 5


@pytest.mark.parametrize(("body", "error_type", "field"), [
    ({"histories": [{"jurisdiction": "cn", "events": []}, {"jurisdiction": "cn", "events": "x"}]},
     "HistoryError", "histories[1].events"),
    ({"histories": [{"jurisdiction": "cn", "events": [{"type": "catalog.change", "date": "2026-02-30"}]}]},
     "HistoryError", "histories[0].date"),
    ({"histories": [{"jurisdiction": "cn", "events": [], "speed": 1}]}, "HistoryError", "histories[0].speed"),
    ({"histories": [{"jurisdiction": "cn", "events": []}], "within": -1}, "InputError", "within"),
    ({"histories": [{"jurisdiction": "cn", "events": []}], "within": "5"}, "InputError", "within"),
    ({"histories": [{"jurisdiction": "cn", "events": []}], "as_of": "2026-13-01"}, "HistoryError", "as_of"),
    ({"histories": [{"jurisdiction": "cn", "events": []}], "layers": "some"}, "HistoryError", "layers"),
    ({"histories": [{"jurisdiction": "cn", "events": []}, {"events": []}]}, "InputError",
     "histories[1].jurisdiction"),
    ({"histories": [{"jurisdiction": "cn", "events": []}, 7]}, "HistoryError", "histories[1]"),
    ({"histories": [], "within": 5}, "InputError", "histories"),
    ({"history": []}, "InputError", "history"),
])
def test_agenda_refuses_bad_input_naming_the_field_or_the_history(client, body, error_type, field):
    answer = client.post("/v1/agenda", json=body)
    assert answer.status_code == 422, answer.text
    error = answer.json()
    assert (error["error_type"], error.get("field")) == (error_type, field), error
    assert "line" not in error and "Traceback" not in answer.text


def test_agenda_unknown_jurisdiction_names_the_history(client):
    body = {"histories": [{"jurisdiction": "cn", "events": []}, {"jurisdiction": "hebi", "events": []}]}
    answer = client.post("/v1/agenda", json=body)
    assert answer.status_code == 422
    error = answer.json()
    assert error["error_type"] == "UnknownJurisdiction" and error["error"].startswith("histories[1]: ")


def test_agenda_body_too_large_413():
    with in_background(Settings(max_body_bytes=1000)) as url:
        big = httpx.post(url + "/v1/agenda", json={"histories": [{"events": []}], "pad": " " * 1000})
        assert big.status_code == 413 and big.json()["error_type"] == "PayloadTooLarge"


def test_every_answer_carries_the_receipt_as_headers(client):
    receipt = client.get("/v1/version").json()
    result = client.post("/v1/evaluate", json=_mapping(ROOT / "examples" / "hebei.yaml"))
    assert result.json()["receipt"]["calendar"] == receipt["calendar"]
    assert result.headers["x-regkit-version"] == regkit.__version__ == receipt["regkit_version"]
    packs = dict(item.split("@") for item in result.headers["x-regkit-packs"].split(","))
    for pack in receipt["packs"]:
        assert packs[pack["id"]] == f"{pack['version']}:{pack['sha256']}"
    used = {p["id"] for p in result.json()["receipt"]["packs"]}
    assert used == {"cn", "hebei"} and used <= set(packs)
    assert "official-through=2026-12-31" in result.headers["x-regkit-calendar"]


def test_library_routes(client, capsys):
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/v1/jurisdictions").json() == json.loads(_cli(capsys, "jurisdictions", "--format", "json"))
    rule = client.get("/v1/rules/hebei.catalog_update").json()
    assert rule["jurisdiction"] == "hebei" and rule["text"] == _cli(capsys, "explain", "hebei.catalog_update")
    assert rule["rule"]["id"] == "hebei.catalog_update"
    article = client.get("/v1/sources/hebei/9").json()
    assert article["text"] + "\n" == _cli(capsys, "source", "hebei", "9") and article["article"] == 9
    other = client.get("/v1/sources/jinzhong/5", params={"document": "jinzhong-plan"}).json()
    assert other["document"] == "jinzhong-plan"
    assert other["text"] + "\n" == _cli(capsys, "source", "jinzhong", "5", "--document", "jinzhong-plan")


def test_calendar_routes(client):
    # 2026-09-28 (Mon) + 10 working days: Sep 29, 30 (2); Oct 1-7 National Day off; Oct 8, 9 (4);
    # Sat Oct 10 a make-up workday (5); Oct 12-16 (10) -> 2026-10-16.
    added = client.get("/v1/calendar/add", params={"date": "2026-09-28", "n": 10}).json()
    assert added == {"result": "2026-10-16", "provisional": None, "official_through": "2026-12-31"}
    between = client.get("/v1/calendar/between", params={"start": "2026-09-28", "end": "2026-10-16"}).json()
    assert between["result"] == 10
    # 2026-12-30 + 3 working days reaches into 2027, whose schedule is not announced
    later = client.get("/v1/calendar/add", params={"date": "2026-12-30", "n": 3}).json()
    assert later["provisional"] is not None and later["provisional"][0].startswith("2027-")


# -- streaming batch ----------------------------------------------------------------------------

def _batch_input() -> bytes:
    lines = [json.dumps({"id": i, **_mapping(path)}) for i, path in enumerate(EXAMPLES)]
    lines[2:2] = ["", "{not json", '{"jurisdiction": "nowhere", "as_of": "2026-11-22", "events": []}']
    return ("\n".join(lines) + "\n").encode("utf-8")


@pytest.mark.parametrize("record", ["full", "compact"])
def test_batch_gives_the_records_regkit_batch_writes(client, record):
    data = _batch_input()
    answer = client.post("/v1/batch", content=data, params={"record": record, "as_of": "2026-11-22"},
                         headers={"content-type": "application/x-ndjson"})
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/x-ndjson"
    expected = io.BytesIO()
    from datetime import date
    run_stream(io.BytesIO(data), expected, Options(as_of=date(2026, 11, 22), record=record), workers=1)
    assert answer.content == expected.getvalue()
    records = [json.loads(line) for line in answer.text.splitlines()]
    assert [r["line"] for r in records] == [1, 2, 4, 5, *range(6, len(EXAMPLES) + 4)]  # line 3 is blank
    assert records[2]["error"].startswith("malformed JSON") and records[3]["error_type"] == "UnknownJurisdiction"


def test_batch_compare(client):
    line = json.dumps({"id": "a", **_mapping(ROOT / "examples" / "hebei.yaml")})
    record = client.post("/v1/batch", content=line, params={"compare": "true"}).json()
    assert record["id"] == "a" and set(record["results"]) == set(regkit.bundled_packs())


def test_batch_results_flow_while_the_input_arrives(base):
    """The first record comes back before the second line is sent (chunked upload on a socket)."""
    first = json.dumps(_mapping(ROOT / "examples" / "hebei.yaml")).encode() + b"\n"
    with open_batch(base) as sock:
        send_chunk(sock, first)
        received = read_until(sock, b"", b'"line":1')
        assert b'"line":2' not in received
        send_last(sock, b'{"jurisdiction": "cn", "as_of": "2026-11-22", "events": []}\n')
        received = read_until(sock, received, b"0\r\n\r\n", at_end=True)
    assert b'"line":2' in received and received.startswith(b"HTTP/1.1 200")


@pytest.mark.parametrize("pieces", [1, 7])
def test_batch_line_too_long_is_the_record_regkit_batch_writes(client, pieces):
    """A line past the batch limit (8 MiB) gives the CLI's error record, and the run goes on,
    whether it arrives whole or in pieces (then it is never held whole)."""
    short = b'{"jurisdiction": "cn", "as_of": "2026-11-22", "events": []}\n'
    long = b'{"events": [' + b" " * MAX_LINE_BYTES + b"]}\n"
    data = short + long + short
    step = -(-len(data) // pieces)
    answer = client.post("/v1/batch", content=(data[i:i + step] for i in range(0, len(data), step)))
    expected = io.BytesIO()
    run_stream(io.BytesIO(data), expected, Options(), workers=1)
    assert answer.content == expected.getvalue()
    records = [json.loads(line) for line in answer.text.splitlines()]
    assert [r["line"] for r in records] == [1, 2, 3]
    assert records[1]["error"].startswith(f"line too long ({len(long):,} bytes")
    assert "result" in records[0] and "result" in records[2]


# -- errors: one JSON object naming the field or line, never a traceback -----------------------

@pytest.mark.parametrize("body, status, error_type, where", [
    (b'{"events": [}', 422, "HistoryError", {"line": 1}),
    (b'{\n "events": 3}', 422, "HistoryError", {"field": "events"}),
    (b'\xff', 422, "HistoryError", {}),
    (b'[]', 422, "HistoryError", {}),
    (b'{"events": [], "as_of": "2026-11-22", "speed": 1, "jurisdiction": "cn"}', 422, "HistoryError",
     {"field": "speed"}),
    (b'{"events": [], "as_of": "2026-11-22", "jurisdiction": "hebi"}', 422, "UnknownJurisdiction", {}),
    (b'{"events": [], "as_of": "2026-13-01", "jurisdiction": "cn"}', 422, "HistoryError", {"field": "as_of"}),
    (b'{"events": [], "layers": "some", "jurisdiction": "cn"}', 422, "HistoryError", {"field": "layers"}),
    (b'{"events": [{"type": "catalog.change", "date": "2026-02-30"}], "jurisdiction": "cn"}', 422,
     "HistoryError", {}),
])
def test_evaluate_refuses_bad_input_as_the_cli_does(client, body, status, error_type, where):
    answer = client.post("/v1/evaluate", content=body)
    assert answer.status_code == status
    error = answer.json()
    assert error["error_type"] == error_type and error["error"]
    for key, value in where.items():
        assert error[key] == value
    assert "Traceback" not in answer.text


def test_an_event_error_names_the_event_as_the_cli_does(client, tmp_path, capsys):
    history = {"jurisdiction": "cn", "as_of": "2026-11-22",
               "events": [{"type": "catalog.change", "date": "2026-02-30"}]}
    file = tmp_path / "h.json"
    file.write_text(json.dumps(history))
    assert main(["evaluate", str(file)]) == 2
    cli_message = capsys.readouterr().err.strip().removeprefix("regkit: error: ")
    served = client.post("/v1/evaluate", json=history).json()["error"]
    assert cli_message.endswith(served.split(": ", 1)[1])  # the CLI adds the file and line


def test_limits_413_and_422(client):
    with in_background(Settings(max_body_bytes=1000)) as url:
        big = httpx.post(url + "/v1/evaluate", content=b" " * 1001)
        assert big.status_code == 413
        assert big.json() == {"error": "request body too large (1001 bytes; the limit is 1000)",
                              "error_type": "PayloadTooLarge", "field": "body"}

        def chunks():  # no Content-Length: refused once the stream passes the limit
            for _ in range(3):
                yield b" " * 600
        assert httpx.post(url + "/v1/evaluate", content=chunks()).status_code == 413
    # one event more than a history may hold: the library's limit and message, as in the CLI
    events = [{"type": "catalog.change", "date": "2026-09-28"}] * (MAX_EVENTS + 1)
    many = client.post("/v1/evaluate", json={"jurisdiction": "cn", "events": events})
    assert many.status_code == 422
    assert many.json() == {"error": f"[events]: too many events ({MAX_EVENTS + 1:,}; the limit is "
                                    f"{MAX_EVENTS:,} per history)", "error_type": "HistoryError", "field": "events"}


def test_not_found_and_wrong_method(client):
    for path in ("/v1/rules/hebei.nothing", "/v1/sources/hebei/999", "/v1/sources/nowhere/1", "/v2/evaluate"):
        answer = client.get(path)
        assert answer.status_code == 404 and answer.json()["error"], path
    assert client.get("/v1/evaluate").status_code == 405
    assert client.get("/v1/evaluate").json()["error_type"] == "MethodNotAllowed"


def test_bad_query_parameters_name_the_field(client):
    answer = client.get("/v1/calendar/add", params={"date": "2026-9-x", "n": 1})
    assert answer.status_code == 422 and answer.json()["field"] == "date"
    assert client.get("/v1/calendar/add", params={"date": "2026-09-01"}).json()["field"] == "n"
    outside = client.get("/v1/calendar/add", params={"date": "1990-01-01", "n": 1})
    assert outside.status_code == 422 and outside.json()["error_type"] == "CalendarRangeError"
    assert client.post("/v1/batch", params={"layers": "x"}, content=b"").json()["field"] == "layers"
    both = client.post("/v1/batch", params={"compare": "true", "jurisdiction": "cn"}, content=b"")
    assert both.status_code == 422 and both.json()["field"] == "jurisdiction"
    assert client.post("/v1/batch", params={"jurisdiction": "hebi"}, content=b"").status_code == 422


def test_a_bug_is_one_line_and_no_traceback(client, monkeypatch):
    import regkit.service.app as app_module

    def broken(data, lang=None):
        raise KeyError("surprise")
    monkeypatch.setattr(app_module, "_evaluate", broken)
    answer = client.post("/v1/evaluate", json={"events": []})
    assert answer.status_code == 500
    assert answer.json() == {"error": "internal error: KeyError: 'surprise' (please report this)",
                             "error_type": "InternalError"}


# -- the token --------------------------------------------------------------------------------

def test_the_bearer_token(tmp_path):
    token_file = tmp_path / "token"
    token_file.write_text("s3cret-token\n")
    with in_background(Settings(token_file=str(token_file))) as url:
        assert httpx.get(url + "/healthz").status_code == 200  # probes need no token
        missing = httpx.get(url + "/v1/version")
        assert missing.status_code == 401 and missing.headers["www-authenticate"].startswith("Bearer")
        assert missing.json()["error_type"] == "Unauthorized"
        wrong = httpx.get(url + "/v1/version", headers={"Authorization": "Bearer s3cret-toke"})
        assert wrong.status_code == 401 and wrong.json()["error"] == "wrong bearer token"
        assert httpx.get(url + "/openapi.json").status_code == 401
        good = httpx.get(url + "/v1/version", headers={"Authorization": "Bearer s3cret-token"})
        assert good.status_code == 200 and good.json()["regkit_version"] == regkit.__version__


# -- the OpenAPI document and the docs page -----------------------------------------------------

def test_docs_openapi_json_is_current(client):
    """docs/openapi.json is the service's document in OpenAPI 3.0; regenerate it with
    `python scripts/generate_openapi.py` when a route or a result type changes."""
    served = client.get("/openapi.json").json()
    assert served["openapi"].startswith("3.1")
    text = (ROOT / "docs" / "openapi.json").read_text(encoding="utf-8")
    assert text == openapi_30_text(served), "docs/openapi.json is stale: run scripts/generate_openapi.py"
    assert client.get("/openapi-3.0.json").json() == json.loads(text)


def test_the_30_document_is_valid_openapi_30_with_nothing_30_lacks():
    from openapi_spec_validator import OpenAPIV30SpecValidator
    document = json.loads((ROOT / "docs" / "openapi.json").read_text(encoding="utf-8"))
    assert document["openapi"] == "3.0.3"
    OpenAPIV30SpecValidator(document).validate()
    schemas = document["components"]["schemas"]
    routes = {"/v1/evaluate", "/v1/compare", "/v1/classify", "/v1/batch", "/v1/jurisdictions",
              "/v1/rules/{rule_id}", "/v1/sources/{jurisdiction}/{article}", "/v1/calendar/add",
              "/v1/calendar/between", "/v1/version", "/healthz"}
    assert routes <= set(document["paths"])

    def walk(node):
        if isinstance(node, dict):
            assert node.get("type") != "null" and not isinstance(node.get("type"), list)
            assert "const" not in node and "$defs" not in node
            if "$ref" in node:
                assert node["$ref"].removeprefix("#/components/schemas/") in schemas, node["$ref"]
            for key, value in node.items():
                if key != "properties":
                    walk(value)
                else:
                    for child in value.values():
                        walk(child)
        elif isinstance(node, list):
            for item in node:
                walk(item)
    walk(document)
    nullable = schemas["DeadlineEntry"]["properties"]["due"]
    assert nullable == {"nullable": True, "type": "string", "title": "Due"}


def test_docs_page_is_local(client):
    page = client.get("/docs")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert "/v1/evaluate" in page.text and "/v1/batch" in page.text
    assert "http://" not in page.text and "https://" not in page.text and "<script" not in page.text


def test_the_server_stops_cleanly_with_requests_answered():
    with in_background() as url:
        started = time.perf_counter()
        assert httpx.get(url + "/healthz").status_code == 200
    assert time.perf_counter() - started < 30
