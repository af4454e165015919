-- Accounts for the web UI, for SQLite. Keep in step with ../postgresql/V6__accounts.sql: same tables, same
-- columns, same constraints; only types differ (booleans are INTEGER here).
-- Times are microseconds since the epoch (UTC), as everywhere.

-- Instance-wide settings an administrator changes at run time (AccountSettingsService). Keys and
-- the stored values are a format: add new keys, never rename or reuse one.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Invitation codes for INVITE_ONLY registration. Only the SHA-256 of the code is kept (the code
-- is 256 random bits, so a plain hash cannot be reversed); used_at makes each code single-use.
CREATE TABLE invites (
    code_hash  TEXT   PRIMARY KEY,
    created_by BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT,
    used_by    BIGINT REFERENCES users (id) ON DELETE SET NULL
);

-- Browser sessions. id_hash is the SHA-256 (hex) of the cookie value: a copy of this table does
-- not let anyone log in. expires_at is the absolute limit; last_seen_at drives the idle limit.
-- csrf_secret (base64url, 32 random bytes) keys the HMAC that makes the session's CSRF token.
CREATE TABLE sessions (
    id_hash            TEXT    PRIMARY KEY,
    user_id            BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at         BIGINT  NOT NULL,
    last_seen_at       BIGINT  NOT NULL,
    expires_at         BIGINT  NOT NULL,
    csrf_secret        TEXT    NOT NULL,
    second_factor_done INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- Failed logins per account (lower-cased name as typed, whether or not such a user exists, so
-- the limit does not reveal which names exist). Kept in the database so that every node of a
-- cluster counts the same failures and a restart does not reset them. Rows older than the window
-- are purged. Per-address counting is in memory (see LoginThrottle).
CREATE TABLE login_failures (
    account   TEXT   NOT NULL,
    failed_at BIGINT NOT NULL
);
CREATE INDEX login_failures_account ON login_failures (account, failed_at);

-- TOTP (RFC 6238) authenticators, one per user. confirmed is false between enrolment start and
-- confirmation; last_used_step is the replay guard (a code is accepted only for a later step).
-- secret is the base32 shared secret: TOTP needs it in the clear to compute codes.
CREATE TABLE totp_authenticators (
    user_id        BIGINT  PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret         TEXT    NOT NULL,
    confirmed      INTEGER NOT NULL,
    last_used_step BIGINT,
    created_at     BIGINT  NOT NULL
);

-- Recovery codes: SHA-256 (hex) of each code (80 random bits); used_at makes each single-use.
CREATE TABLE recovery_codes (
    user_id   BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT   NOT NULL,
    used_at   BIGINT,
    PRIMARY KEY (user_id, code_hash)
);
