#!/usr/bin/env python3
"""Uploads COUNT tiny wheels of one project to a Wharf, over keep-alive connections.

    bulk_upload.py URL TOKEN PROJECT COUNT [--connections N]

Versions are 1.0.0 ... 1.0.<COUNT-1>, one py3-none-any wheel each. The multipart body is built
by hand (the fields twine sends) so nothing beyond the standard library is needed. Each worker
thread keeps one HTTP/1.1 connection open. Prints the elapsed time and the upload rate; exits
non-zero on the first upload that does not answer 200.
"""
import argparse
import base64
import hashlib
import http.client
import os
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_wheel import small_wheel  # noqa: E402

BOUNDARY = "wharf-bench-boundary-7d3f1a"


def multipart(fields: list[tuple[str, str]], filename: str, content: bytes) -> bytes:
    parts = []
    for name, value in fields:
        parts.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    parts.append(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="content"; filename="{filename}"\r\n'
                 f"Content-Type: application/octet-stream\r\n\r\n".encode() + content + b"\r\n")
    parts.append(f"--{BOUNDARY}--\r\n".encode())
    return b"".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("token")
    parser.add_argument("project")
    parser.add_argument("count", type=int)
    parser.add_argument("--connections", type=int, default=2)
    args = parser.parse_args()

    target = urllib.parse.urlsplit(args.url)
    auth = "Basic " + base64.b64encode(f"__token__:{args.token}".encode()).decode()
    versions = [f"1.0.{i}" for i in range(args.count)]
    lock = threading.Lock()
    failures: list[str] = []

    def worker(mine: list[str]) -> None:
        conn = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
        for version in mine:
            if failures:
                return
            filename, content = small_wheel(args.project, version)
            body = multipart([
                (":action", "file_upload"), ("protocol_version", "1"), ("metadata_version", "2.1"),
                ("name", args.project), ("version", version), ("filetype", "bdist_wheel"),
                ("pyversion", "py3"), ("sha256_digest", hashlib.sha256(content).hexdigest()),
            ], filename, content)
            conn.request("POST", "/legacy/", body, {
                "Authorization": auth,
                "Content-Type": f"multipart/form-data; boundary={BOUNDARY}",
            })
            response = conn.getresponse()
            text = response.read()
            if response.status != 200:
                with lock:
                    failures.append(f"{filename}: {response.status} {text[:300]!r}")
                return

    # The first upload creates the project; do it alone so workers never race on creation.
    started = time.monotonic()
    worker(versions[:1])
    threads = [threading.Thread(target=worker, args=(versions[1 + i::args.connections],))
               for i in range(args.connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    if failures:
        sys.exit("bulk_upload.py: " + failures[0])
    print(f"uploaded {args.count} files in {elapsed:.1f} s ({args.count / elapsed:.0f} uploads/s, "
          f"{args.connections} connections)")


if __name__ == "__main__":
    main()
