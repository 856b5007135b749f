#!/usr/bin/env python3
"""report.py [--no-docs] BENCHDIR: the table of `make bench`, printed and put in docs.

Reads hyperfine's JSON exports (BENCHDIR/results/INPUT.GROUP.json, commands named
INPUT/TOOL), the peak RSS that /usr/bin/time appended for every run (BENCHDIR/mem/INPUT.TOOL,
KB), and the outputs (BENCHDIR/out/). Prints the tables as Markdown, and unless --no-docs
replaces what lies between the markers <!-- bench:begin --> and <!-- bench:end --> in
docs/benchmarks.md with them. Standard library only.
"""
import datetime
import glob
import json
import os
import re
import statistics
import subprocess
import sys

TOOLS = [  # (tool, label, kind: the quire command it is compared with)
    ("quire-both", "quire `build` (EPUB + PDF)", "both"),
    ("quire-epub", "quire `build --format epub`", "epub"),
    ("quire-pdf", "quire `build --format pdf`", "pdf"),
    ("pandoc-epub", "pandoc → EPUB", "epub"),
    ("xsl-epub", "DocBook XSL (xsltproc) → EPUB", "epub"),
    ("pandoc-pdf", "pandoc → PDF (xelatex)", "pdf"),
    ("typst-pdf", "Typst → PDF", "pdf"),
]
BASE = {"both": "quire-both", "epub": "quire-epub", "pdf": "quire-pdf"}
INPUTS = [
    ("article", "the article, `sources/bundle.xml`"),
    ("kjv-half", "KJV half"),
    ("kjv", "KJV"),
    ("kjv-double", "KJV double"),
]
OUTFILE = {  # tool -> (folder under out/, extension)
    "quire-both": ("quire-both", ".epub + .pdf"), "quire-epub": ("quire-epub", ".epub"),
    "quire-pdf": ("quire-pdf", ".pdf"), "pandoc-epub": ("pandoc", ".epub"),
    "pandoc-pdf": ("pandoc", ".pdf"), "xsl-epub": ("xsl", ".epub"),
    "typst-pdf": ("typst", ".pdf"),
}


def sh(cmd):
    try:
        r = subprocess.run(cmd, shell=True, capture_output=True, text=True, timeout=60)
        return (r.stdout or r.stderr).strip()
    except Exception as e:  # noqa: BLE001 - a version we cannot read is reported as such
        return f"? ({e})"


def dpkg_version(pkg):
    r = subprocess.run(["dpkg-query", "-W", "-f=${Version}", pkg], capture_output=True, text=True)
    return r.stdout.strip() or "?"


def first_line(text):
    return text.splitlines()[0] if text else "?"


def load(bench):
    res = {}
    for path in sorted(glob.glob(os.path.join(bench, "results", "*.json"))):
        for r in json.load(open(path))["results"]:
            name, tool = r["command"].split("/", 1)
            res[(name, tool)] = r
    mem = {}
    for path in glob.glob(os.path.join(bench, "mem", "*")):
        name, tool = os.path.basename(path).split(".", 1)
        kb = [int(x) for x in open(path).read().split() if x.isdigit()]
        if kb:
            mem[(name, tool)] = kb
    return res, mem


def mb(kb):
    return kb * 1024 / 1e6


def out_info(bench, name, tool):
    folder, ext = OUTFILE[tool]
    stem = "bundle" if tool.startswith("quire") and name == "article" else name
    base = os.path.join(bench, "out", folder, stem)
    files = [base + e for e in (".epub", ".pdf") if e in ext]
    size = sum(os.path.getsize(f) for f in files if os.path.exists(f))
    pages = ""
    pdf = base + ".pdf"
    if ".pdf" in ext and os.path.exists(pdf):
        m = re.search(r"^Pages:\s+(\d+)", sh(f"pdfinfo '{pdf}' 2>/dev/null"), re.M)
        pages = m.group(1) if m else ""
    return (f"{size / 1e6:.2f} MB" if size else "—"), pages


def fmt_s(x):
    return f"{x:.3f}" if x < 10 else f"{x:.1f}"


def table(bench, name, res, mem):
    rows = ["| command | runs | median (s) | min–max (s) | CPU, mean (s) | time × quire "
            "| peak RSS (MB) | RSS × quire | output | PDF pages |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for tool, label, kind in TOOLS:
        r = res.get((name, tool))
        if not r:
            continue
        base = res.get((name, BASE[kind]))
        ratio = f"{r['median'] / base['median']:.2f}" if base else "—"
        m = max(mem.get((name, tool), [0]))
        bm = max(mem.get((name, BASE[kind]), [0]))
        mratio = f"{m / bm:.2f}" if m and bm else "—"
        size, pages = out_info(bench, name, tool)
        rows.append(f"| {label} | {len(r['times'])} | {fmt_s(r['median'])} "
                    f"| {fmt_s(r['min'])}–{fmt_s(r['max'])} | {fmt_s(r['user'] + r['system'])} | {ratio} "
                    f"| {mb(m):.0f} | {mratio} | {size} | {pages} |")
    return "\n".join(rows)


def targets(res, mem):
    out = ["| target | measured | met |", "|---|---|:---:|"]

    def med(name, tool):
        r = res.get((name, tool))
        return r["median"] if r else None

    q = med("article", "quire-both")
    peers = [(med("article", t), lbl) for t, lbl in
             (("pandoc-epub", "pandoc → EPUB"), ("typst-pdf", "Typst"))]
    peers = [(t, lbl) for t, lbl in peers if t is not None]
    if q is not None and peers:
        t, lbl = min(peers)
        out.append(f"| article: quire `build` under ¼ of the faster of pandoc → EPUB and Typst "
                   f"| {q:.3f} s = {q / t:.3f} of {lbl}'s {t:.3f} s (limit {t / 4:.3f} s) "
                   f"| {'yes' if q < t / 4 else '**no**'} |")
    k = med("kjv", "quire-both")
    if k is not None:
        out.append(f"| KJV: quire `build` under 1.2 s | {k:.2f} s "
                   f"| {'yes' if k < 1.2 else '**no**'} |")
        km = max(mem.get(("kjv", "quire-both"), [0]))
        if km:
            out.append(f"| KJV: quire `build` peak RSS under 150 MB | {mb(km):.0f} MB "
                       f"| {'yes' if mb(km) < 150 else '**no**'} |")
    d = med("kjv-double", "quire-both")
    if k is not None and d is not None:
        out.append(f"| KJV double: quire `build` at most 2.2 × the KJV | {d:.2f} s = "
                   f"{d / k:.2f} × {k:.2f} s | {'yes' if d <= 2.2 * k else '**no**'} |")
    return "\n".join(out)


def scaling(res, mem):
    rows = ["| input | quire `build` (s) | × KJV | `--format epub` (s) | `--format pdf` (s) "
            "| peak RSS (MB) |", "|---|---:|---:|---:|---:|---:|"]
    full = res.get(("kjv", "quire-both"))
    for name, label in INPUTS[1:]:
        b = res.get((name, "quire-both"))
        if not b:
            continue
        e, p = res.get((name, "quire-epub")), res.get((name, "quire-pdf"))
        x = f"{b['median'] / full['median']:.2f}" if full else "—"
        m = max(mem.get((name, "quire-both"), [0]))
        rows.append(f"| {label} | {fmt_s(b['median'])} | {x} "
                    f"| {fmt_s(e['median']) if e else '—'} | {fmt_s(p['median']) if p else '—'} "
                    f"| {mb(m):.0f} |")
    return "\n".join(rows)


def machine(bench, quire):
    cpu = re.search(r"^model name\s*:\s*(.*)$", open("/proc/cpuinfo").read(), re.M)
    mem = re.search(r"^MemTotal:\s*(\d+) kB", open("/proc/meminfo").read(), re.M)
    try:
        rev = open(os.path.join(bench, "quire.rev")).read().strip()
    except OSError:
        rev = "?"
    lines = [
        f"- measured {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC; "
        f"quire from {rev}",
        f"- {sh('nproc')} CPUs ({cpu.group(1) if cpu else '?'}), "
        f"{int(mem.group(1)) / 1024 / 1024:.1f} GiB of memory, Debian "
        f"{sh('cat /etc/debian_version')}, Linux {sh('uname -r')}",
        f"- {first_line(sh(quire + ' --version'))}; "
        f"{first_line(sh('pandoc --version'))}; {first_line(sh('xelatex --version'))}",
        f"- {first_line(sh('node bench/typst.mjs --version'))} on Node.js {sh('node --version')}",
        f"- {first_line(sh('xsltproc --version'))}; docbook-xsl-ns "
        f"{dpkg_version('docbook-xsl-ns')}",
        f"- {first_line(sh('hyperfine --version'))}; bible-kjv-text "
        f"{dpkg_version('bible-kjv-text')}",
    ]
    return "\n".join(lines)


def main():
    args = sys.argv[1:]
    docs = True
    if args and args[0] == "--no-docs":
        docs, args = False, args[1:]
    bench = args[0] if args else "build/bench"
    quire = os.path.join(bench, "quire.bin")
    res, mem = load(bench)
    parts = ["**Machine and tools**", "", machine(bench, quire), ""]
    for name, label in INPUTS:
        if any(k[0] == name for k in res):
            parts += [f"**{label}**", "", table(bench, name, res, mem), ""]
    parts += ["**Scaling** (quire `build`, both outputs)", "", scaling(res, mem), "",
              "**Targets**", "", targets(res, mem), ""]
    text = "\n".join(parts)
    print(text)
    if not docs:
        return
    path = "docs/benchmarks.md"
    doc = open(path, encoding="utf-8").read()
    begin, end = "<!-- bench:begin -->", "<!-- bench:end -->"
    if begin not in doc or end not in doc:
        sys.exit(f"report.py: {path} lacks the {begin} … {end} markers")
    doc = doc[:doc.index(begin) + len(begin)] + "\n" + text + "\n" + doc[doc.index(end):]
    with open(path, "w", encoding="utf-8") as f:
        f.write(doc)
    print(f"report.py: wrote the table into {path}")


if __name__ == "__main__":
    main()
