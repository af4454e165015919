package dev.wharf.storage.db;

/** The two databases Wharf supports; every repository test runs on both. */
public enum Dialect {
    SQLITE("db/migration/sqlite"),
    POSTGRESQL("db/migration/postgresql");

    private final String migrations;

    Dialect(String migrations) {
        this.migrations = migrations;
    }

    /** Classpath folder of this dialect's Flyway migrations. */
    public String migrations() {
        return migrations;
    }
}
