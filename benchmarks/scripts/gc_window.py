#!/usr/bin/env python3
"""Summarises a unified-logging GC log (-Xlog:gc:file=...) over the window of one upload.

    gc_window.py GC_LOG

The benchmark brackets the upload with two `jcmd <pid> GC.run` calls, so the window is the span
from the first forced collection to the last one. Prints, in MiB (the log's own unit, so
+/- 1 MiB):
  baseline   heap used after the forced GC just before the upload (the live set at rest)
  peak_after largest heap-used-after-GC of any collection inside the window (an upper bound on
             the live set during the upload: young pauses leave promoted garbage in old regions)
  peak_before largest heap-used-before-GC inside the window (live + garbage; depends on -Xmx and
             the collector's sizing, shown for context only)
  full_after largest heap-used-after-GC of the forced collections inside the window (the
             exact live set at those instants; only present when the benchmark forced GCs)
  gcs        number of collections inside the window
"""
import re
import sys

LINE = re.compile(r"GC\(\d+\) (Pause [^()]*(?:\([^)]*\) ?)*).*?(\d+)M->(\d+)M\(\d+M\)")


def forced(cause: str) -> bool:
    """jcmd GC.run shows as "Diagnostic Command" (JDK 25) or "System.gc()" (older JDKs)."""
    return "Diagnostic Command" in cause or "System.gc()" in cause


def main(path: str) -> None:
    events = []
    with open(path, encoding="utf-8", errors="replace") as log:
        for line in log:
            if "->" not in line or "Pause" not in line:
                continue
            m = LINE.search(line)
            if not m:
                continue
            events.append((m.group(1).strip(), int(m.group(2)), int(m.group(3))))
    marks = [i for i, e in enumerate(events) if forced(e[0])]
    if len(marks) < 2:
        sys.exit("gc_window.py: fewer than two forced (jcmd GC.run) collections in " + path)
    first, last = marks[0], marks[-1]
    inside = events[first + 1:last]
    baseline = events[first][2]
    peak_after = max([e[2] for e in inside] + [events[last][2]])
    peak_before = max([e[1] for e in inside] + [events[last][1]])
    full = [e[2] for e in inside if forced(e[0])]
    print(f"baseline={baseline}")
    print(f"peak_after={peak_after}")
    print(f"peak_before={peak_before}")
    print(f"full_after={max(full) if full else 'n/a'}")
    print(f"after_upload={events[last][2]}")
    print(f"gcs={len(inside)}")


if __name__ == "__main__":
    main(sys.argv[1])
