-- Indexes beside the hosted projects: mirrors of an upstream simple index and virtual indexes that
-- serve several members as one. Keep in step with ../postgresql/V9__indexes.sql.
-- Times are microseconds since the epoch (UTC).

-- One row per index an administrator defined. settings is a JSON object whose shape depends on
-- kind (upstream URL, TTL, cooldown, credentials' user and environment variable for a mirror;
-- members and protected patterns for a virtual index); no secret is ever stored in it.
CREATE TABLE indexes (
    name        TEXT    PRIMARY KEY,
    kind        TEXT    NOT NULL CHECK (kind IN ('mirror', 'virtual')),
    settings    TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL
);

-- A mirror's copy of an upstream project page, normalized to our own JSON shape. found = false is
-- a cached 404 (kept briefly). etag and last_modified revalidate it with a conditional request.
CREATE TABLE mirror_pages (
    index_name     TEXT     NOT NULL REFERENCES indexes (name) ON DELETE CASCADE,
    project        TEXT     NOT NULL,
    found          INTEGER  NOT NULL,
    body           TEXT,
    etag           TEXT,
    last_modified  TEXT,
    fetched_at     BIGINT   NOT NULL,
    PRIMARY KEY (index_name, project)
);

-- Upstream files a mirror has downloaded, verified against the sha256 the upstream published, and
-- stored in the blob store. The row commits after the blob is in place, as for uploads. A mirror's
-- blob key is made from the file's SHA-256 (the hash it must compute anyway to check it), not from
-- BLAKE2b-256 as an upload's is, so a mirrored file and an uploaded one never share a blob.
CREATE TABLE mirror_files (
    index_name       TEXT    NOT NULL REFERENCES indexes (name) ON DELETE CASCADE,
    project          TEXT    NOT NULL,
    filename         TEXT    NOT NULL,
    sha256_digest    TEXT    NOT NULL,
    key_digest       TEXT    NOT NULL,
    size             BIGINT  NOT NULL,
    blob_key         TEXT    NOT NULL,
    stored_at        BIGINT  NOT NULL,
    PRIMARY KEY (index_name, project, filename)
);
CREATE INDEX mirror_files_key_digest ON mirror_files (key_digest);

-- Hosted projects whose owner allowed upstream files under the same name to be merged into
-- virtual indexes (dependency-confusion protection is on for every other hosted name).
CREATE TABLE upstream_merges (
    project_id  BIGINT  PRIMARY KEY REFERENCES projects (id) ON DELETE CASCADE,
    allowed_at  BIGINT  NOT NULL
);
