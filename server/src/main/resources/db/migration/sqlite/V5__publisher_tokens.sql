-- Trusted Publishing tokens: a row belongs to a user or to a trusted publisher (never both, never
-- neither; checked by the application, since SQLite cannot add a CHECK to an existing table).
-- Removing a publisher deletes its tokens (done by the publisher code, so this migration does not
-- depend on the publisher tables), and every upload re-checks that the publisher is still attached.
ALTER TABLE api_tokens ADD COLUMN publisher_id BIGINT;
-- The OIDC claims kept with a publisher's token (repository, workflow, ref, sha, environment): a
-- JSON object of strings, '{}' for user tokens. Uploads made with the token record them.
ALTER TABLE api_tokens ADD COLUMN claims_json TEXT NOT NULL DEFAULT '{}';
CREATE INDEX api_tokens_publisher ON api_tokens (publisher_id);

-- Files published through a trusted publisher remember which one and the claims that matter.
ALTER TABLE files ADD COLUMN publisher_id BIGINT;
ALTER TABLE files ADD COLUMN publisher_claims_json TEXT;
