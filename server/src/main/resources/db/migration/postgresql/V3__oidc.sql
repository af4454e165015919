-- Trusted Publishing (OIDC) for PostgreSQL. Keep in step with ../sqlite/V3__oidc.sql: same tables,
-- same columns, same constraints. Times are microseconds since the epoch (UTC).

-- Issuers an administrator added at URLs other than the four built-in ones (GitHub Enterprise
-- Server, self-managed GitLab, ...). The built-ins are code, not rows. kind is the lower-case
-- service name (IssuerKind.service()); the values are stored, so never rename them.
-- pinned_jwks holds a JWKS document for an issuer Wharf cannot reach; NULL means discovery.
CREATE TABLE oidc_issuers (
    url         TEXT    PRIMARY KEY,               -- exact "iss" value, at most 512 characters
    kind        TEXT    NOT NULL CHECK (kind IN ('github', 'gitlab', 'google', 'activestate')),
    pinned_jwks TEXT,
    created_at  BIGINT  NOT NULL
);

-- One use per JWT ID. The primary key is what makes a second use fail, on one node or many.
-- expires_at is when the row may be purged: the token's exp plus the 30 s leeway plus a 5 s
-- margin, so the row outlives every moment at which the token could still be accepted.
CREATE TABLE oidc_jti (
    issuer_url  TEXT    NOT NULL,
    jti         TEXT    NOT NULL,
    expires_at  BIGINT  NOT NULL,
    PRIMARY KEY (issuer_url, jti)
);
CREATE INDEX oidc_jti_expires ON oidc_jti (expires_at);
