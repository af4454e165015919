-- Every Trusted Publishing exchange writes an oidc_jti row and a publisher's api_tokens row
-- (user_id NULL). Each B-tree such a row enters is a page more in every commit's WAL frames and in
-- the next checkpoint, so the tables and indexes it touches are made leaner.

-- Tokens are listed per user (WHERE user_id = ?), which implies user_id IS NOT NULL, so SQLite
-- uses the partial index; publisher tokens no longer enter it.
DROP INDEX api_tokens_user;
CREATE INDEX api_tokens_user ON api_tokens (user_id, created_at) WHERE user_id IS NOT NULL;

-- The jti table is only ever reached by its key: stored in the key's own B-tree (WITHOUT ROWID),
-- a row is one B-tree entry instead of a table row plus a primary-key index entry.
CREATE TABLE oidc_jti_by_key (
    issuer_url  TEXT    NOT NULL,
    jti         TEXT    NOT NULL,
    expires_at  BIGINT  NOT NULL,
    PRIMARY KEY (issuer_url, jti)
) WITHOUT ROWID;
INSERT INTO oidc_jti_by_key (issuer_url, jti, expires_at) SELECT issuer_url, jti, expires_at FROM oidc_jti;
DROP TABLE oidc_jti;
ALTER TABLE oidc_jti_by_key RENAME TO oidc_jti;
CREATE INDEX oidc_jti_expires ON oidc_jti (expires_at);
