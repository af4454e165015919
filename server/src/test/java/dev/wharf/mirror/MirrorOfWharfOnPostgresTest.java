package dev.wharf.mirror;

import dev.wharf.storage.db.Dialect;

/** Every case of {@link MirrorOfWharfTest} with the mirroring Wharf on PostgreSQL. */
class MirrorOfWharfOnPostgresTest extends MirrorOfWharfTest {
    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }
}
