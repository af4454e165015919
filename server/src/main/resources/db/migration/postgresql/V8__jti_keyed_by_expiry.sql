-- The oidc_jti key begins with the row's expiry. Keep in step with ../sqlite/V8, which says why:
-- rows enter the end of the key's index instead of a random page, the purge (expires_at < now)
-- reads the key's first column so the separate expiry index goes, and a replayed token still hits
-- the key, since expires_at derives from the exp inside its signed payload.
ALTER TABLE oidc_jti DROP CONSTRAINT oidc_jti_pkey;
ALTER TABLE oidc_jti ADD PRIMARY KEY (expires_at, issuer_url, jti);
DROP INDEX oidc_jti_expires;
