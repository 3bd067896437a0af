"""Exports of the debrief: the minutes (Markdown, and HTML that prints well from a browser)
and the roll-call table as CSV (a row per delegation, a column per decision).

They are drawn from the same report and timeline the replay page shows the viewer, so they
hold exactly what that viewer may see: no back-channel before the instructor reveals it, no
secret ballot's choice ever.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime
from html import escape
from typing import Any

from game.rules.model import Method

WORDS = {"yes": "Yes", "no": "No", "abstain": "Abstain"}
SIGNATURES = {"signed": "Signed", "reservation": "Signed with a reservation", "declaration": "Signed with a declaration", "declined": "Did not sign"}
LEFT_OUT = {"ballot", "floor"}
"""Timeline categories the minutes leave out: each vote's ballots are listed with the vote."""


def rollcall_csv(report: dict[str, Any]) -> str:
    votes = [v for v in report["votes"] if Method(v["method"]).is_vote or v["indicative"]]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    header = ["delegation", "name", "bloc"] + [f"{v['decision']} {v['label']} ({_method(v)})" for v in votes]
    signing = report["signing"]
    if signing:
        header.append("Final Acts")
    writer.writerow(header)
    for d in report["delegations"]:
        row = [d["id"], _cell(d["name"]), d["bloc"] or ""] + [_choice(v, d["id"]) for v in votes]
        if signing:
            row.append(_signature(signing, d["id"]))
        writer.writerow(row)
    return out.getvalue()


def _cell(text: str) -> str:
    """Spreadsheets run a cell starting with = + - @ as a formula: quote it as text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _method(vote: dict[str, Any]) -> str:
    return "sounding, indicative" if vote["indicative"] else vote["method"].replace("_", " ")


def _choice(vote: dict[str, Any], delegation: str) -> str:
    if vote["indicative"]:
        placard = vote["placards"].get(delegation)
        return f"placard {placard}" if placard else ""
    if vote["secret"]:
        return "secret" if delegation in vote["order"] else ""
    if delegation not in vote["order"]:
        return ""
    return vote["ballots"].get(delegation, "did not vote")


def _signature(signing: dict[str, Any], delegation: str) -> str:
    if delegation not in signing["eligible_ids"]:
        return ""
    answer = signing["signatures"].get(delegation)
    return answer["kind"] if answer else "no answer"


# --- the minutes ---------------------------------------------------------------------------


def minutes_markdown(title: str, report: dict[str, Any], timeline: dict[str, Any]) -> str:
    text = "\n".join(_blocks(title, report, timeline, _Markdown()))
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def minutes_html(title: str, report: dict[str, Any], timeline: dict[str, Any]) -> str:
    body = "\n".join(_blocks(title, report, timeline, _Html())).replace("</ul>\n<ul>", "\n")
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>Minutes: {escape(title)}</title><style>{_PRINT_CSS}</style></head>\n"
        f"<body>\n{body}\n</body></html>\n"
    )


_PRINT_CSS = (
    "body{font:11pt/1.45 Georgia,serif;max-width:44em;margin:2em auto;padding:0 1em;color:#111}"
    "h1{font-size:1.6em}h2{font-size:1.25em;border-bottom:1px solid #999;margin-top:1.6em}"
    "h3{font-size:1.05em;margin-bottom:.2em}table{border-collapse:collapse;width:100%;margin:.5em 0}"
    "th,td{border:1px solid #999;padding:.15em .4em;text-align:left}blockquote{margin:.3em 1.5em;font-style:italic}"
    "h2,h3{break-after:avoid}tr,li{break-inside:avoid}@page{margin:2cm}"
)


def _blocks(title: str, report: dict[str, Any], timeline: dict[str, Any], w) -> list[str]:
    names = {d["id"]: d["name"] for d in report["delegations"]}
    started = timeline.get("started_at")
    out = [w.h(1, f"Minutes: {title}")]
    if started:
        out.append(w.p(f"Opened {datetime.fromtimestamp(started, UTC):%d %B %Y, %H:%M} UTC; {len(timeline['entries'])} events recorded."))
    out.append(w.h(2, "Texts as they stand"))
    for item in report["texts"]:
        out += [w.h(3, f"{item['title']} ({item['status']})"), w.quote(item["versions"][-1]["text"])]
        for a in item["amendments"]:
            sponsors = ", ".join(names.get(s, s) for s in a["sponsors"])
            out.append(w.li(f"Amendment {a['id']} ({a['status']}), by {sponsors}: “{a['text']}”"))
    out.append(w.h(2, "Decisions"))
    for v in report["votes"]:
        out += [w.h(3, f"{v['decision']}: {v['label']}"), w.p(f"{_method(v).capitalize()} under {v['rule']}. {v['reason']}")]
        if v["ballots"]:
            for choice in ("yes", "no", "abstain"):
                who = [names.get(d, d) for d, c in v["ballots"].items() if c == choice]
                if who:
                    out.append(w.li(f"{WORDS[choice]} ({len(who)}): {', '.join(who)}"))
        if v["indicative"]:
            out.append(w.p("A sounding of the room is indicative: it took no decision."))
    if report["signing"]:
        signing = report["signing"]
        out += [w.h(2, "The Final Acts"), w.p(signing["text"].capitalize() + ".")]
        for d, answer in signing["signatures"].items():
            text = f": “{answer['text']}”" if answer["text"] else ""
            out.append(w.li(f"{names.get(d, d)}: {SIGNATURES.get(answer['kind'], answer['kind'])}{text}"))
    if report["objectives"]:
        out.append(w.h(2, "Objectives"))
        for o in report["objectives"]:
            out.append(w.h(3, f"{o['name']}: {o['earned']} of {o['available']} points"))
            out += [w.li(f"{'Met' if x['met'] else 'Missed'} ({x['points']}): {x['text']} ({x['why']})") for x in o["objectives"]]
    if report["history"]:
        out.append(w.h(2, "Beside history"))
        for row in report["history"]:
            out += [w.h(3, row["topic"].replace("-", " ").capitalize()), w.p(f"History: {row['history']}")]
            if row["class"]:
                out.append(w.p(f"This class: {row['class']}"))
    out.append(w.h(2, "Proceedings"))
    out += [w.li(f"[{seq}] {text}") for seq, _at, category, text, *_ in timeline["entries"] if category not in LEFT_OUT]
    return out


class _Markdown:
    def h(self, level: int, text: str) -> str:
        return f"\n{'#' * level} {_md(text)}\n"

    def p(self, text: str) -> str:
        return _md(text) + "\n"

    def quote(self, text: str) -> str:
        return f"> {_md(text)}\n"

    def li(self, text: str) -> str:
        return f"- {_md(text)}"


def _md(text: str) -> str:
    """Plain text in Markdown: characters that would start markup are escaped."""
    for char in "\\`*_[]<>#|":
        text = text.replace(char, "\\" + char)
    return " ".join(text.split())


class _Html:
    def h(self, level: int, text: str) -> str:
        return f"<h{level}>{escape(text)}</h{level}>"

    def p(self, text: str) -> str:
        return f"<p>{escape(text)}</p>"

    def quote(self, text: str) -> str:
        return f"<blockquote>{escape(text)}</blockquote>"

    def li(self, text: str) -> str:
        return f"<ul><li>{escape(text)}</li></ul>"
