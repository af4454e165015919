-- Trusted publishers for PostgreSQL. Keep in step with ../sqlite/V4__publishers.sql: same tables,
-- same columns, same constraints; only identity columns and types differ.
-- Times are microseconds since the epoch (UTC).
--
-- One table for every kind (GitHub, GitLab, ...): the columns of the other kinds stay NULL. Two derived
-- keys, computed in Java (dev.wharf.publishing), keep the SQL identical on both databases:
--   identity_key  every identity column, case folded where matching ignores case; equal keys are
--                 the same publisher, so a second registration reuses the row, as on pypi.org.
--   lookup_key    the columns a token's claims select candidate publishers by.
CREATE TABLE trusted_publishers (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind                TEXT    NOT NULL CHECK (kind IN ('github', 'gitlab', 'google', 'activestate')),
    issuer_url          TEXT    NOT NULL,
    identity_key        TEXT    NOT NULL UNIQUE,
    lookup_key          TEXT    NOT NULL,
    repository_owner    TEXT,                       -- github
    repository_owner_id TEXT,                       -- github: digits, pins the account (resurrection)
    repository_name     TEXT,                       -- github
    workflow_filename   TEXT,                       -- github
    namespace           TEXT,                       -- gitlab
    project             TEXT,                       -- gitlab
    workflow_filepath   TEXT,                       -- gitlab
    environment         TEXT    NOT NULL DEFAULT '', -- github (lower-cased) and gitlab; '' = any
    email               TEXT,                       -- google
    sub                 TEXT    NOT NULL DEFAULT '', -- google; '' = any
    organization        TEXT,                       -- activestate
    activestate_project TEXT,                       -- activestate
    actor               TEXT,                       -- activestate
    actor_id            TEXT,                       -- activestate
    created_at          BIGINT  NOT NULL
);
CREATE INDEX trusted_publishers_lookup ON trusted_publishers (kind, issuer_url, lookup_key);

-- Many to many, as pypi.org: one publisher may serve several projects, and a token minted for it
-- covers all of them. Deleting either side removes the link.
CREATE TABLE publisher_projects (
    publisher_id BIGINT  NOT NULL REFERENCES trusted_publishers (id) ON DELETE CASCADE,
    project_id   BIGINT  NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    added_by     BIGINT  REFERENCES users (id) ON DELETE SET NULL,
    created_at   BIGINT  NOT NULL,
    PRIMARY KEY (publisher_id, project_id)
);
CREATE INDEX publisher_projects_project ON publisher_projects (project_id);

-- Publishers registered by a user for a project that does not exist yet; the first exchange that
-- matches creates the project, owned by added_by. Unlike pypi.org, an identity is unique per
-- (user, project name), not site-wide, so a squatter's row can never stop the identity's real
-- owner from registering their own (on pypi.org, a pending publisher blocks the same identity site-wide).
CREATE TABLE pending_publishers (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind                TEXT    NOT NULL CHECK (kind IN ('github', 'gitlab', 'google', 'activestate')),
    issuer_url          TEXT    NOT NULL,
    identity_key        TEXT    NOT NULL,
    lookup_key          TEXT    NOT NULL,
    repository_owner    TEXT,
    repository_owner_id TEXT,
    repository_name     TEXT,
    workflow_filename   TEXT,
    namespace           TEXT,
    project             TEXT,
    workflow_filepath   TEXT,
    environment         TEXT    NOT NULL DEFAULT '',
    email               TEXT,
    sub                 TEXT    NOT NULL DEFAULT '',
    organization        TEXT,
    activestate_project TEXT,
    actor               TEXT,
    actor_id            TEXT,
    project_name        TEXT    NOT NULL,
    normalized_name     TEXT    NOT NULL,
    added_by            BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at          BIGINT  NOT NULL,
    expires_at          BIGINT  NOT NULL,
    UNIQUE (added_by, normalized_name, identity_key)
);
CREATE INDEX pending_publishers_lookup ON pending_publishers (kind, issuer_url, lookup_key);
CREATE INDEX pending_publishers_user ON pending_publishers (added_by);
