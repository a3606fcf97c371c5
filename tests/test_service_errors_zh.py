"""The service's error answers in Chinese where the caller asks for it (`lang=zh` or an
Accept-Language of zh*): the human `error` is the line `--lang zh` prints; `error_type`,
`field`, `line` and the status code stay as they were."""

from __future__ import annotations

import httpx
import pytest

from regkit.cli import main
from regkit.service.server import in_background
from test_chinese_everywhere import english_runs

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}
BAD_EVENT = {"jurisdiction": "hebei", "events": [{"type": "no.such", "date": "2026-01-05"}]}


@pytest.fixture(scope="module")
def client():
    with in_background() as url, httpx.Client(base_url=url, timeout=60) as c:
        yield c


def _both(client, method: str, url: str, **kwargs) -> tuple[dict, dict, int]:
    """The English and the Chinese answer (by the header) of one refused request."""
    english = client.request(method, url, **kwargs)
    chinese = client.request(method, url, headers=ZH, **kwargs)
    assert english.status_code == chinese.status_code >= 400
    e, c = english.json(), chinese.json()
    assert {k: v for k, v in e.items() if k != "error"} == {k: v for k, v in c.items() if k != "error"}
    return e, c, english.status_code


def test_a_bad_history_is_refused_in_the_words_of_the_cli(client, capsys, tmp_path):
    english, chinese, status = _both(client, "POST", "/v1/evaluate", json=BAD_EVENT)
    assert status == 422 and english["error_type"] == "HistoryError"
    assert chinese["error"] == "[type]：事件0（no.such）：未知的事件类型"
    assert client.post("/v1/evaluate?lang=zh", json=BAD_EVENT).json()["error"] == chinese["error"]
    assert client.post("/v1/evaluate?lang=en", json=BAD_EVENT, headers=ZH).json()["error"] == english["error"]
    assert "unknown event type" in english["error"]


@pytest.mark.parametrize("method, url, body, expected", [
    ("POST", "/v1/evaluate", {"jurisdiction": "nowhere", "events": []}, "未知的地区'nowhere'"),
    ("POST", "/v1/evaluate?lang=fr", {"events": []}, "[lang]：lang应当为zh或en，不能是'fr'"),
    ("POST", "/v1/batch?compare=true&jurisdiction=hebei", None, "[jurisdiction]：compare按每一个地区分别评估"),
    ("POST", "/v1/agenda", {"histories": []}, "[histories]：histories应当是非空的事件记录列表"),
    ("GET", "/v1/rules/hebei.no_such_rule", None, "未知的规则'hebei.no_such_rule'"),
    ("GET", "/v1/sources/nowhere/1", None, "没有地区'nowhere'的规范文本"),
    ("GET", "/v1/calendar/add?date=2026-01-05&n=x", None, "[n]：应当为整数"),
    ("GET", "/v1/calendar/add?date=2026-13-05&n=1", None, "[date]：应当为日期（YYYY-MM-DD）"),
    ("GET", "/v1/calendar/add?date=2026-01-05", None, "[n]：缺少此项"),
    ("GET", "/v1/no-such-thing", None, "请求的地址不存在"),
])
def test_each_refusal_is_chinese_and_keeps_its_type_and_status(client, method, url, body, expected):
    english, chinese, _status = _both(client, method, url, **({"json": body} if body is not None else {}))
    assert chinese["error"].startswith(expected), chinese
    assert english_runs(chinese["error"]) == [] and chinese["error"] != english["error"]


def test_a_body_past_the_limit_is_refused_in_chinese():
    from regkit.service.settings import Settings
    with in_background(Settings(max_body_bytes=1000)) as url:
        answer = httpx.post(f"{url}/v1/evaluate?lang=zh", content=b"[" + b" " * 2000 + b"]")
    assert answer.status_code == 413 and answer.json()["error_type"] == "PayloadTooLarge"
    assert answer.json()["error"] == "请求体过大（2002字节；上限为1000字节）"


def test_the_same_line_as_the_cli(client, capsys, tmp_path):
    history = tmp_path / "h.json"
    history.write_text('{"jurisdiction": "nowhere", "events": []}', encoding="utf-8")
    assert main(["evaluate", str(history), "--lang", "zh"]) == 2
    printed = capsys.readouterr().err.strip()
    answer = client.post("/v1/evaluate", json={"jurisdiction": "nowhere", "events": []}, headers=ZH)
    assert printed.endswith(answer.json()["error"])
