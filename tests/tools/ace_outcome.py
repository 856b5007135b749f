#!/usr/bin/env python3
"""ace_outcome.py: what Ace by DAISY's JSON report says about a book.

    python3 tests/tools/ace_outcome.py [--checked] [--page-breaks] REPORT.json

Prints one line per assertion that did not pass, as "document: rule (impact): the
element", and exits 1 if there is any, or if the book's own outcome is not "pass".
--checked also fails a report that holds no document's assertions (Ace checked nothing);
--page-breaks also fails a report whose properties say the book has no page breaks.
Exit 0 when the book passed.
"""
import json
import re
import sys


def main(args):
    checked = "--checked" in args
    page_breaks = "--page-breaks" in args
    paths = [a for a in args if not a.startswith("--")]
    if len(paths) != 1:
        sys.exit("usage: ace_outcome.py [--checked] [--page-breaks] REPORT.json")
    r = json.load(open(paths[0]))
    bad = []
    for doc in r.get("assertions", []):
        url = doc.get("earl:testSubject", {}).get("url", "?")
        for a in doc.get("assertions", []):
            res = a.get("earl:result", {})
            if res.get("earl:outcome") != "pass":
                test = a.get("earl:test", {})
                html = re.sub(r"\s+", " ", res.get("html") or "")[:120]
                bad.append(f"{url}: {test.get('dct:title', '?')} ({test.get('earl:impact', '?')}): {html}")
    outcome = r.get("earl:result", {}).get("earl:outcome")
    if outcome != "pass" and not bad:
        bad.append(f"the book's outcome is {outcome!r}")
    if checked and not r.get("assertions"):
        bad.append("the report holds no document's assertions")
    if page_breaks and not r.get("properties", {}).get("hasPageBreaks"):
        bad.append("Ace saw no page breaks")
    print("\n".join(bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
