-- Catalogue schema for SQLite. Keep in step with ../postgresql/V1__catalogue.sql: same tables,
-- same columns, same constraints; only identity columns and types differ.
-- Times are microseconds since the epoch (UTC) in every table, on both databases.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT    NOT NULL,
    email         TEXT    NOT NULL,
    password_hash TEXT,
    is_admin      INTEGER NOT NULL DEFAULT 0,
    created_at    BIGINT  NOT NULL
);
CREATE UNIQUE INDEX users_username ON users (lower(username));

CREATE TABLE projects (
    id               INTEGER PRIMARY KEY,
    name             TEXT    NOT NULL,
    normalized_name  TEXT    NOT NULL UNIQUE,
    ultranormalized  TEXT    NOT NULL,
    status           TEXT    NOT NULL DEFAULT 'active',
    status_reason    TEXT,
    total_size       BIGINT  NOT NULL DEFAULT 0,
    last_serial      BIGINT  NOT NULL DEFAULT 0,
    created_at       BIGINT  NOT NULL
);
CREATE INDEX projects_ultranormalized ON projects (ultranormalized);

CREATE TABLE roles (
    project_id INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role       TEXT    NOT NULL CHECK (role IN ('Owner', 'Maintainer')),
    PRIMARY KEY (project_id, user_id)
);

CREATE TABLE releases (
    id                INTEGER PRIMARY KEY,
    project_id        INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    version           TEXT    NOT NULL,
    canonical_version TEXT    NOT NULL,
    is_prerelease     INTEGER NOT NULL,
    requires_python   TEXT,
    summary           TEXT,
    metadata_json     TEXT    NOT NULL,
    yanked            INTEGER NOT NULL DEFAULT 0,
    yanked_reason     TEXT,
    created_at        BIGINT  NOT NULL,
    UNIQUE (project_id, canonical_version)
);

CREATE TABLE files (
    id               INTEGER PRIMARY KEY,
    release_id       INTEGER NOT NULL REFERENCES releases (id) ON DELETE CASCADE,
    project_id       INTEGER NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    filename         TEXT    NOT NULL UNIQUE,
    packagetype      TEXT    NOT NULL CHECK (packagetype IN ('sdist', 'bdist_wheel')),
    python_version   TEXT    NOT NULL,
    size             BIGINT  NOT NULL,
    md5_digest       TEXT    NOT NULL,
    sha256_digest    TEXT    NOT NULL,
    blake2_256_digest TEXT   NOT NULL UNIQUE,
    blob_key         TEXT    NOT NULL,
    metadata_sha256  TEXT,
    metadata_blake2_256 TEXT,
    requires_python  TEXT,
    comment_text     TEXT,
    uploaded_by      INTEGER REFERENCES users (id),
    token_id         TEXT,
    upload_time      BIGINT  NOT NULL
);
CREATE INDEX files_project ON files (project_id);
CREATE INDEX files_release ON files (release_id);

-- pypi.org never lets a filename be used twice, even after its file is deleted (PEP 527 era rule).
CREATE TABLE deleted_filenames (
    filename   TEXT   PRIMARY KEY,
    deleted_at BIGINT NOT NULL
);

-- The journal gives the serial numbers (X-PyPI-Last-Serial): one row per change of the index.
CREATE TABLE journal (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    project_name TEXT   NOT NULL,
    action       TEXT   NOT NULL,
    created_at   BIGINT NOT NULL
);

-- Security-relevant events: uploads, yanks, deletions, token use. detail_json never holds a secret.
CREATE TABLE events (
    id          INTEGER PRIMARY KEY,
    project_id  INTEGER REFERENCES projects (id) ON DELETE SET NULL,
    kind        TEXT    NOT NULL,
    user_id     INTEGER REFERENCES users (id) ON DELETE SET NULL,
    token_id    TEXT,
    detail_json TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL
);
CREATE INDEX events_project ON events (project_id, id);
