"""Render data/demo/corpus.txt into the bundled demo dumps and gold labels.

Run from the repository root: ``python scripts/build_demo_corpus.py``. Writes
data/demo/dumps/ (Disqus XML, WordPress WXR, Reddit JSON, Blogger pages) and
data/demo/gold.csv, and prints label counts for the data card.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path
from xml.sax.saxutils import escape

DEMO = Path(__file__).resolve().parent.parent / "data" / "demo"
LABELS = {"S": "supportive", "K": "sceptical", "T": "troll_accusation", "O": "other"}
START = datetime(2024, 4, 2, 7, 30, tzinfo=timezone.utc)


def read_corpus(path: Path) -> list[dict]:
    threads = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("=="):
            thread_id, fmt, title, text = (p.strip() for p in line[2:].split("|", 3))
            threads.append({"id": thread_id, "format": fmt, "title": title, "text": text,
                            "comments": [], "day": len(threads)})
            continue
        cid, parent, author, label, text = (p.strip() for p in line.split("|", 4))
        if label not in LABELS:
            raise SystemExit(f"{path}:{number}: unknown label {label!r}")
        thread = threads[-1]
        thread["comments"].append({"id": f"{thread['id']}-{cid}", "parent": None if parent == "-" else
                                   f"{thread['id']}-{parent}", "author": author, "label": LABELS[label],
                                   "text": text})
    return threads


def when(thread: dict, index: int) -> datetime:
    return START + timedelta(days=thread["day"], minutes=9 * index + (index * index) % 7)


def disqus(threads: list[dict]) -> str:
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">']
    for t in threads:
        out += [f'  <thread dsq:id="{t["id"]}">', f"    <id>{t['id']}</id>", "    <forum>dailyledger</forum>",
                f"    <link>https://dailyledger.example/{t['id']}</link>", f"    <title>{escape(t['title'])}</title>",
                f"    <message><![CDATA[<p>{t['text']}</p>]]></message>",
                f"    <createdAt>{when(t, 0):%Y-%m-%dT%H:%M:%SZ}</createdAt>", "  </thread>"]
    for t in threads:
        for i, c in enumerate(t["comments"], start=1):
            out += [f'  <post dsq:id="{c["id"]}">', "    <id/>",
                    f"    <message><![CDATA[<p>{escape(c['text'])}</p>]]></message>",
                    f"    <createdAt>{when(t, i):%Y-%m-%dT%H:%M:%SZ}</createdAt>",
                    "    <isDeleted>false</isDeleted>", "    <isSpam>false</isSpam>",
                    f"    <author><name>{escape(c['author'])}</name><isAnonymous>false</isAnonymous></author>",
                    f'    <thread dsq:id="{t["id"]}"/>']
            if c["parent"]:
                out.append(f'    <parent dsq:id="{c["parent"]}"/>')
            out.append("  </post>")
    out.append("</disqus>")
    return "\n".join(out) + "\n"


def wxr(threads: list[dict]) -> str:
    out = ['<?xml version="1.0" encoding="UTF-8" ?>',
           '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"'
           ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">',
           "<channel>", "  <title>Riverside Gazette</title>", "  <wp:wxr_version>1.2</wp:wxr_version>"]
    for t in threads:
        out += ["  <item>", f"    <title>{escape(t['title'])}</title>",
                f"    <link>https://gazette.example/{t['id']}</link>",
                f"    <content:encoded><![CDATA[<p>{t['text']}</p>]]></content:encoded>",
                f"    <wp:post_id>{t['id']}</wp:post_id>", "    <wp:post_type>post</wp:post_type>"]
        for i, c in enumerate(t["comments"], start=1):
            out += ["    <wp:comment>", f"      <wp:comment_id>{c['id']}</wp:comment_id>",
                    f"      <wp:comment_author><![CDATA[{c['author']}]]></wp:comment_author>",
                    f"      <wp:comment_date_gmt>{when(t, i):%Y-%m-%d %H:%M:%S}</wp:comment_date_gmt>",
                    f"      <wp:comment_content><![CDATA[{c['text']}]]></wp:comment_content>",
                    "      <wp:comment_approved>1</wp:comment_approved>",
                    "      <wp:comment_type>comment</wp:comment_type>",
                    f"      <wp:comment_parent>{c['parent'] or 0}</wp:comment_parent>", "    </wp:comment>"]
        out.append("  </item>")
    out += ["</channel>", "</rss>"]
    return "\n".join(out) + "\n"


def reddit(thread: dict) -> str:
    def listing(children):
        return {"kind": "Listing", "data": {"children": children}}

    def node(index, c):
        replies = [node(j, r) for j, r in enumerate(thread["comments"], start=1) if r["parent"] == c["id"]]
        return {"kind": "t1", "data": {
            "id": c["id"], "author": c["author"], "body": c["text"],
            "parent_id": f"t1_{c['parent']}" if c["parent"] else f"t3_{thread['id']}",
            "created_utc": int(when(thread, index).timestamp()), "replies": listing(replies) if replies else ""}}

    post = {"kind": "t3", "data": {"id": thread["id"], "title": thread["title"], "selftext": thread["text"],
                                   "subreddit": "worldnews_demo"}}
    top = [node(i, c) for i, c in enumerate(thread["comments"], start=1) if c["parent"] is None]
    return json.dumps([listing([post]), listing(top)], indent=1, ensure_ascii=False) + "\n"


def blogger(thread: dict) -> str:
    day = when(thread, 0)
    lines = [f"{day:%A, %B} {day.day}, {day.year}", "", thread["title"], "", thread["text"], "",
             f"{len(thread['comments'])} comments:", ""]
    for i, c in enumerate(thread["comments"], start=1):
        stamp = when(thread, i)
        lines += [f"{c['author']} said...", "", c["text"], "",
                  f"{stamp:%B} {stamp.day}, {stamp.year} at {stamp:%I:%M %p}".replace(" 0", " "), ""]
    return "\n".join(lines)


def main() -> None:
    threads = read_corpus(DEMO / "corpus.txt")
    dumps = DEMO / "dumps"
    for folder in ("reddit", "blogger"):
        (dumps / folder).mkdir(parents=True, exist_ok=True)
    by_format = {f: [t for t in threads if t["format"] == f] for f in ("disqus", "wxr", "reddit", "blogger")}
    (dumps / "disqus_export.xml").write_text(disqus(by_format["disqus"]), encoding="utf-8")
    (dumps / "wordpress_export.xml").write_text(wxr(by_format["wxr"]), encoding="utf-8")
    for t in by_format["reddit"]:
        (dumps / "reddit" / f"{t['id']}.json").write_text(reddit(t), encoding="utf-8")
    for t in by_format["blogger"]:
        (dumps / "blogger" / f"{t['id']}.txt").write_text(blogger(t), encoding="utf-8")
    with open(DEMO / "gold.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "thread_id", "label"])
        for t in threads:
            writer.writerows([c["id"], t["id"], c["label"]] for c in t["comments"])
    counts = Counter(c["label"] for t in threads for c in t["comments"])
    print(f"{len(threads)} threads, {sum(counts.values())} comments:",
          ", ".join(f"{k} {v}" for k, v in counts.most_common()))
    print("by format:", {f: sum(len(t["comments"]) for t in ts) for f, ts in by_format.items()})


if __name__ == "__main__":
    main()
