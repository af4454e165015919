-- API tokens for PostgreSQL. Keep in step with ../sqlite/V2__api_tokens.sql: same columns, same
-- constraints; only integer types differ. Times are microseconds since the epoch (UTC).
--
-- A row holds what is needed to verify a token, never the token: the macaroon identifier (id),
-- the root key the HMAC chain starts from, and the caveats issued with it (appended again at
-- verification time, as pypi.org does, so the index's own restrictions never rest only on what
-- the presented token carries).
-- Revoking keeps the row (revoked_at) so the owner still sees it in the list.
CREATE TABLE api_tokens (
    id           TEXT    PRIMARY KEY,               -- UUID; the macaroon identifier
    -- NULL is reserved for tokens minted for a trusted publisher (Trusted Publishing), which have no user.
    user_id      BIGINT  REFERENCES users (id) ON DELETE CASCADE,
    description  TEXT    NOT NULL,
    root_key     TEXT    NOT NULL,                  -- 32 random bytes, lower-case hex
    caveats_json TEXT    NOT NULL,                  -- JSON array of caveats, e.g. [[1,["a"]]]
    created_at   BIGINT  NOT NULL,
    expires_at   BIGINT,                            -- copy of the Expiration caveat, for lists and purges
    last_used_at BIGINT,
    revoked_at   BIGINT
);
CREATE INDEX api_tokens_user ON api_tokens (user_id, created_at);
