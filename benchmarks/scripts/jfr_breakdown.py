#!/usr/bin/env python3
"""Where the measured operation's time goes, from a JFR recording.

Reads `jfr print --events jdk.ExecutionSample,jdk.NativeMethodSample --stack-depth 200` text on stdin,
keeps only samples of threads whose name contains THREAD (JMH names its workers after the benchmark,
e.g. "mintSqlite-jmh-worker"), drops those inside the trial's set-up and tear-down (signing the token
pool, opening the database), and prints:
  * the share of those samples inside each frame of interest (inclusive: a sample counts for every
    listed frame on its stack), and
  * the top self frames (the top of the stack), Java and native samples alike.
Usage: jfr print ... | jfr_breakdown.py THREAD [TOP]
"""
import collections
import re
import sys

# Inclusive buckets: the first pattern on the stack that matches, from the top, names the bucket.
BUCKETS = [
    ("RSA signature check (nimbus RSASSAVerifier)", r"RSASSAVerifier\.verify"),
    ("JWT decode + claim checks (JwtVerifier, not the signature)", r"JwtVerifier\.(decode|checkClaims|isBase64Url|jsonObject)"),
    ("body JSON parse (MintService.tokenFrom)", r"MintService\.tokenFrom"),
    ("publisher lookup (PendingPublisherPolicy.resolve)", r"PendingPublisherPolicy\.resolve"),
    ("jti claim INSERT (JtiStore.claim)", r"JtiStore\.claim"),
    ("project lookup (ProjectRepository.findProjectById)", r"ProjectRepository\.findProjectById"),
    ("API token signing (TokenService.prepareForPublisher)", r"TokenService\.prepareForPublisher"),
    ("api_tokens INSERT (TokenService.store)", r"TokenService\.store"),
    ("oidc:mint event (EventLog.entry: detail JSON)", r"EventLog\.entry"),
    ("oidc:mint event INSERT (EventLog.write)", r"EventLog\.write|EventLog\.record"),
    ("SQLite write lock wait (Database.write lock)", r"ReentrantLock\.lock|AbstractQueuedSynchronizer"),
    ("commit (JDBI/JDBC commit)", r"\.commit\("),
    ("transaction begin / connection (Hikari, BEGIN)", r"HikariDataSource\.getConnection|\.setAutoCommit|inTransaction.*begin|\.begin\("),
    ("other inside Database.write", r"Database\.write"),
    ("group commit queue (waiting for the committer)", r"GroupCommit\.write|CompletableFuture"),
    ("other inside JwtVerifier.verify", r"JwtVerifier\.verify"),
]


SET_UP = r"MintFixture\.<init>|MintFixture\.close|State\.(setUp|tearDown)"


def samples(lines):
    kind, thread, stack, in_stack = None, "", [], False
    for line in lines:
        s = line.strip()
        if s.startswith("jdk.ExecutionSample") or s.startswith("jdk.NativeMethodSample"):
            if stack:
                yield kind, thread, stack
            kind, thread, stack, in_stack = s.split()[0], "", [], False
        elif s.startswith("sampledThread = "):
            thread = s
        elif s.startswith("stackTrace = ["):
            in_stack = True
        elif in_stack:
            if s.startswith("]"):
                in_stack = False
            elif s and s != "...":
                stack.append(re.sub(r"\s+line:.*$", "", s))
    if stack:
        yield kind, thread, stack


def main():
    target = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    buckets = collections.Counter()
    selves = collections.Counter()
    kinds = collections.Counter()
    total = 0
    for kind, thread, stack in samples(sys.stdin):
        if target not in thread or any(re.search(SET_UP, frame) for frame in stack):
            continue
        total += 1
        kinds[kind] += 1
        selves[stack[0]] += 1
        for name, pattern in BUCKETS:
            if any(re.search(pattern, frame) for frame in stack):
                buckets[name] += 1
                break
        else:
            buckets["elsewhere (benchmark harness, MintService itself)"] += 1
    if total == 0:
        sys.exit(f"no samples of a thread named *{target}*")
    print(f"{total} samples of threads named *{target}* ("
          + ", ".join(f"{k}: {v}" for k, v in sorted(kinds.items())) + ")")
    print("by first matching frame, from the top of each stack:")
    for name, count in buckets.most_common():
        print(f"  {100 * count / total:5.1f} %  {name}")
    print(f"top {top} self frames:")
    for frame, count in selves.most_common(top):
        print(f"  {100 * count / total:5.1f} %  {frame}")


if __name__ == "__main__":
    main()
