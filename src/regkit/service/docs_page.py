"""The API docs page, made here from the OpenAPI document: no script, no CDN, nothing fetched.

The usual interactive pages load their code from a CDN, which a government network may
not reach and which would make the page depend on a third party; a plain page listing
every route, its parameters and answers serves the reader, and /openapi.json (or
/openapi-3.0.json) serves the generators.
"""

from __future__ import annotations

from html import escape
from typing import Any

__all__ = ["render"]

_STYLE = ("body{font-family:system-ui,'Noto Sans CJK SC',sans-serif;max-width:60em;margin:2em auto;"
          "padding:0 1em;line-height:1.5}code{background:#f4f4f4;padding:0 .2em}"
          "h2{border-top:1px solid #ccc;padding-top:.6em;font-size:1.1em}.m{font-weight:bold;"
          "text-transform:uppercase;margin-right:.5em}td,th{text-align:left;padding:0 1em 0 0}")


def _schema_name(content: dict[str, Any]) -> str:
    for media, body in content.items():
        ref = body.get("schema", {}).get("$ref", "")
        return f"{escape(media)}: <code>{escape(ref.rsplit('/', 1)[-1])}</code>" if ref else escape(media)
    return ""


def render(document: dict[str, Any]) -> str:
    info = document.get("info", {})
    parts = [f"<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'><title>{escape(info.get('title', ''))}"
             f" API</title><style>{_STYLE}</style></head><body>",
             f"<h1>{escape(info.get('title', ''))} {escape(info.get('version', ''))}</h1>",
             f"<p>{escape(info.get('description', ''))}</p>",
             "<p>OpenAPI: <a href='/openapi.json'>/openapi.json</a> (3.1), "
             "<a href='/openapi-3.0.json'>/openapi-3.0.json</a> (3.0, for client generators).</p>"]
    for path, operations in document.get("paths", {}).items():
        for method, op in operations.items():
            parts.append(f"<h2><span class='m'>{escape(method)}</span><code>{escape(path)}</code></h2>")
            parts.append(f"<p>{escape(op.get('summary', ''))}</p>")
            if op.get("description"):
                parts.append(f"<p>{escape(op['description'])}</p>")
            params = op.get("parameters", [])
            if params:
                parts.append("<table><tr><th>parameter</th><th>in</th><th>required</th><th></th></tr>")
                for p in params:
                    parts.append(f"<tr><td><code>{escape(p['name'])}</code></td><td>{escape(p['in'])}</td>"
                                 f"<td>{'yes' if p.get('required') else 'no'}</td>"
                                 f"<td>{escape(p.get('description', ''))}</td></tr>")
                parts.append("</table>")
            body = op.get("requestBody", {}).get("content")
            if body:
                parts.append(f"<p>body: {_schema_name(body)}</p>")
            answers = [f"{escape(str(code))} {_schema_name(r.get('content', {}))}"
                       for code, r in op.get("responses", {}).items()]
            parts.append("<p>answers: " + "; ".join(answers) + "</p>")
    parts.append("</body></html>")
    return "\n".join(parts)
