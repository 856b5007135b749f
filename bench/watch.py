#!/usr/bin/env python3
"""bench/watch.py QUIRE WORKDIR [ROUNDS]: how long quire watch takes from a
saved change to the new outputs in place.

Copies sources/ into WORKDIR, starts `quire watch` on it, then, ROUNDS times
(default 10), rewrites the closing part with a new word and measures the time
from the write to the moment both outputs have been replaced (their inodes
change: outputs are renamed into place). That time includes the watch's
quiet window (QUIRE_WATCH_QUIET) and the build. Prints the median and the
range, and the median build time quire itself reports."""
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time


def main():
    quire, work = sys.argv[1], sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    src = os.path.join(work, "sources")
    out = os.path.join(work, "out")
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree("sources", src)
    log = open(os.path.join(work, "watch.log"), "w+")
    proc = subprocess.Popen([quire, "watch", "-o", out, os.path.join(src, "bundle.xml")],
                            stdout=log, stderr=subprocess.DEVNULL,
                            env=dict(os.environ, QUIRE_DATADIR=os.getcwd()))
    try:
        deadline = time.monotonic() + 60
        while "watching" not in open(log.name).read():
            if time.monotonic() > deadline or proc.poll() is not None:
                sys.exit("bench: quire watch did not start")
            time.sleep(0.01)
        outputs = [os.path.join(out, "bundle.epub"), os.path.join(out, "bundle.pdf")]
        closing = os.path.join(src, "closing.xml")
        original = open(closing, encoding="utf-8").read()
        latencies = []
        for k in range(rounds):
            before = [os.stat(p).st_ino for p in outputs]
            text = original.replace("pick up the pen", "pick up the pen%d" % k)
            t0 = time.monotonic()
            with open(closing, "w", encoding="utf-8") as f:
                f.write(text)
            deadline = t0 + 30
            while any(os.stat(p).st_ino == b for p, b in zip(outputs, before)):
                if time.monotonic() > deadline:
                    sys.exit("bench: no new outputs 30 s after a change")
                time.sleep(0.0005)
            latencies.append((time.monotonic() - t0) * 1000)
            time.sleep(0.2)  # let the watch settle before the next change
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
    builds = [float(m) for m in re.findall(r"^quire: build \d+ in (\d+) ms", open(log.name).read(), re.M)]
    print("quire watch, the article: change to new outputs in place: median %.0f ms "
          "(%.0f to %.0f, %d changes); the build itself: median %.0f ms"
          % (statistics.median(latencies), min(latencies), max(latencies), rounds,
             statistics.median(builds[1:] or builds)))


if __name__ == "__main__":
    main()
