#!/usr/bin/env python3
"""Writes a valid wheel for the benchmarks.

    make_wheel.py OUT_DIR NAME VERSION [--payload-mib N]

The wheel holds <name>-<ver>.dist-info/{METADATA,WHEEL,RECORD} and, with --payload-mib, one
STORED member of N MiB of random bytes: random so that the compression-ratio rule never fires,
STORED so that neither side spends time on deflate. The file is written to a seekable file, so
Python's zipfile writes sizes into the local headers and no data descriptors (Wharf refuses them).
Prints the wheel's path.
"""
import argparse
import base64
import hashlib
import os
import sys
import zipfile

CHUNK = 1024 * 1024


def record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def build(out_dir: str, name: str, version: str, payload_mib: int, tag: str = "py3-none-any") -> str:
    dist = name.replace("-", "_")
    path = os.path.join(out_dir, f"{dist}-{version}-{tag}.whl")
    info = f"{dist}-{version}.dist-info"
    metadata = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\nSummary: benchmark wheel\n\n".encode()
    wheel = f"Wheel-Version: 1.0\nGenerator: wharf-bench\nRoot-Is-Purelib: true\nTag: {tag}\n".encode()
    records = []
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        if payload_mib:
            member = zipfile.ZipInfo(f"{dist}/payload.bin", date_time=(2024, 1, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_STORED
            member.file_size = payload_mib * CHUNK
            digest = hashlib.sha256()
            with zf.open(member, "w") as out:
                for _ in range(payload_mib):
                    block = os.urandom(CHUNK)
                    digest.update(block)
                    out.write(block)
            records.append(f"{member.filename},sha256={base64.urlsafe_b64encode(digest.digest()).rstrip(b'=').decode()},{member.file_size}")
        for filename, data in ((f"{info}/METADATA", metadata), (f"{info}/WHEEL", wheel)):
            zf.writestr(zipfile.ZipInfo(filename, date_time=(2024, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
            records.append(f"{filename},{record_hash(data)},{len(data)}")
        records.append(f"{info}/RECORD,,")
        zf.writestr(zipfile.ZipInfo(f"{info}/RECORD", date_time=(2024, 1, 1, 0, 0, 0)),
                    ("\n".join(records) + "\n").encode(), zipfile.ZIP_DEFLATED)
    return path


def small_wheel(name: str, version: str, tag: str = "py3-none-any") -> tuple[str, bytes]:
    """A metadata-only wheel built in memory (BytesIO is seekable: no data descriptors)."""
    import io
    dist = name.replace("-", "_")
    info = f"{dist}-{version}.dist-info"
    metadata = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\nSummary: benchmark wheel\n\n".encode()
    wheel = f"Wheel-Version: 1.0\nGenerator: wharf-bench\nRoot-Is-Purelib: true\nTag: {tag}\n".encode()
    module = f"VERSION = {version!r}\n".encode()
    records = []
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for filename, data in ((f"{dist}/__init__.py", module), (f"{info}/METADATA", metadata), (f"{info}/WHEEL", wheel)):
            zf.writestr(zipfile.ZipInfo(filename, date_time=(2024, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
            records.append(f"{filename},{record_hash(data)},{len(data)}")
        records.append(f"{info}/RECORD,,")
        zf.writestr(zipfile.ZipInfo(f"{info}/RECORD", date_time=(2024, 1, 1, 0, 0, 0)),
                    ("\n".join(records) + "\n").encode(), zipfile.ZIP_DEFLATED)
    return f"{dist}-{version}-{tag}.whl", buffer.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out_dir")
    parser.add_argument("name")
    parser.add_argument("version")
    parser.add_argument("--payload-mib", type=int, default=0)
    args = parser.parse_args()
    print(build(args.out_dir, args.name, args.version, args.payload_mib))


if __name__ == "__main__":
    sys.exit(main())
