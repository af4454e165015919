#!/usr/bin/env python3
"""Times the first GET /simple/ after each of N new projects, as a client that accepts gzip.

    root_latency.py URL TOKEN N

For i in 1..N: uploads one tiny wheel of a project that did not exist (bench-new-<i>), then at once
GETs the PEP 691 root page with Accept-Encoding: gzip on a fresh connection, times it to the last
byte, and checks that the page lists the new project. Before each upload it also times one GET of
the unchanged page, the baseline for the same load. Prints both distributions; exits non-zero if a
new project is missing from the page that follows its upload.
"""
import gzip
import hashlib
import http.client
import json
import os
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bulk_upload import BOUNDARY, multipart  # noqa: E402
from make_wheel import small_wheel  # noqa: E402

ACCEPT = "application/vnd.pypi.simple.v1+json"


def get_root(target) -> tuple[float, dict]:
    conn = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
    started = time.monotonic()
    conn.request("GET", "/simple/", headers={"Accept": ACCEPT, "Accept-Encoding": "gzip"})
    response = conn.getresponse()
    body = response.read()
    elapsed = time.monotonic() - started
    conn.close()
    if response.status != 200 or response.getheader("Content-Encoding") != "gzip":
        raise SystemExit(f"GET /simple/ answered {response.status} {response.getheader('Content-Encoding')}")
    return elapsed, json.loads(gzip.decompress(body))


def upload(target, auth: str, project: str) -> None:
    filename, content = small_wheel(project, "1.0")
    body = multipart([
        (":action", "file_upload"), ("protocol_version", "1"), ("metadata_version", "2.1"),
        ("name", project), ("version", "1.0"), ("filetype", "bdist_wheel"), ("pyversion", "py3"),
        ("sha256_digest", hashlib.sha256(content).hexdigest()),
    ], filename, content)
    conn = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
    conn.request("POST", "/legacy/", body, {"Authorization": auth, "Content-Type": f"multipart/form-data; boundary={BOUNDARY}"})
    response = conn.getresponse()
    text = response.read()
    conn.close()
    if response.status != 200:
        raise SystemExit(f"upload of {project} answered {response.status}: {text[:300]!r}")


def summary(label: str, seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    p50 = ms[len(ms) // 2]
    p99 = ms[min(len(ms) - 1, int(round(0.99 * (len(ms) - 1))))]
    return f"{label}: n={len(ms)} p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {ms[-1]:.1f} ms"


def main() -> None:
    url, token, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    target = urllib.parse.urlsplit(url)
    import base64
    auth = "Basic " + base64.b64encode(f"__token__:{token}".encode()).decode()
    unchanged, after_new = [], []
    for i in range(1, n + 1):
        elapsed, _ = get_root(target)
        unchanged.append(elapsed)
        project = f"bench-new-{i}"
        upload(target, auth, project)
        elapsed, page = get_root(target)
        after_new.append(elapsed)
        if not any(p["name"] == project for p in page["projects"]):
            raise SystemExit(f"{project} is missing from /simple/ right after its upload")
        projects = len(page["projects"])
    print(summary("GET /simple/, page unchanged", unchanged))
    print(summary("first GET /simple/ after a new project", after_new))
    print(f"projects on the page at the end: {projects}")


if __name__ == "__main__":
    main()
