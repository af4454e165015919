#!/usr/bin/env python3
"""Adds COUNT projects straight into a stopped Wharf's SQLite catalogue, as uploads would list them.

    seed_projects.py DB COUNT

Each project gets a journal row (its serial) and no files: the root index lists every project that
is not quarantined, whether or not it has files. Names look like PyPI's: a mix of lengths, dots,
underscores and capitals, so the display and the normalized names differ. One transaction.
"""
import random
import re
import sqlite3
import sys
import time

WORDS = ["py", "django", "flask", "aws", "sdk", "cli", "tools", "utils", "client", "api", "data",
         "test", "plugin", "async", "lib", "core", "ml", "text", "http", "json", "yaml", "config"]


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def main() -> None:
    db, count = sys.argv[1], int(sys.argv[2])
    rng = random.Random(500_000)
    now = int(time.time() * 1_000_000)
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA journal_mode=WAL")
    seen = {row[0] for row in conn.execute("SELECT normalized_name FROM projects")}
    rows = []
    while len(rows) < count:
        name = rng.choice(WORDS) + rng.choice(["-", "_", ".", ""]) + rng.choice(WORDS).capitalize() + str(rng.randrange(10_000_000))
        normalized = normalize(name)
        if normalized in seen:
            continue
        seen.add(normalized)
        rows.append((name, normalized))
    with conn:
        first = conn.execute("SELECT coalesce(max(id), 0) FROM journal").fetchone()[0] + 1
        conn.executemany("INSERT INTO journal (project_name, action, created_at) VALUES (?, 'create', ?)",
                         [(normalized, now) for _, normalized in rows])
        conn.executemany(
            "INSERT INTO projects (name, normalized_name, ultranormalized, status, last_serial, created_at) "
            "VALUES (?, ?, ?, 'active', ?, ?)",
            [(name, normalized, normalized.replace("-", ""), first + i, now) for i, (name, normalized) in enumerate(rows)])
    conn.close()
    print(f"seeded {count} projects")


if __name__ == "__main__":
    main()
