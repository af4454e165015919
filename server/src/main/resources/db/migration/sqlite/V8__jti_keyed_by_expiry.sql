-- The oidc_jti key begins with the row's expiry. Keep in step with ../postgresql/V8.
--
-- Why: a jti is random (a UUID at GitHub and GitLab), so a key that begins with it sends every
-- exchange's row to a random page of the table; measured in MintBenchmark, that page and the
-- separate expiry index were the dearest part of an exchange's writes. Expiries grow with time, so
-- rows now enter the table's last pages, several exchanges of one commit share them, and the purge
-- (expires_at < now) reads the key's first column: the expiry index goes.
--
-- Replay protection is unchanged: expires_at is derived from the token's exp, which is inside the
-- signed payload, so a replayed token always presents the same (expires_at, issuer_url, jti) and
-- hits the key. Two different tokens carrying one jti would need the issuer to sign both, against
-- RFC 7519 §4.1.7; such a pair would be two tokens here, as their exp differ.
CREATE TABLE oidc_jti_by_expiry (
    issuer_url  TEXT    NOT NULL,
    jti         TEXT    NOT NULL,
    expires_at  BIGINT  NOT NULL,
    PRIMARY KEY (expires_at, issuer_url, jti)
) WITHOUT ROWID;
INSERT INTO oidc_jti_by_expiry (issuer_url, jti, expires_at) SELECT issuer_url, jti, expires_at FROM oidc_jti;
DROP TABLE oidc_jti;
ALTER TABLE oidc_jti_by_expiry RENAME TO oidc_jti;
