package dev.wharf.cli;

import dev.wharf.config.ConfigLoader;
import dev.wharf.config.WharfConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where Wharf's data is: shared by {@code serve} and {@code admin} so both open the same index. */
public final class DataOptions {
    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "Data directory: SQLite database and files (default: ./wharf-data; env WHARF_STORAGE_DATA).")
    Path data;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "TOML configuration file (its keys: the Configuration section of the README).")
    Path configFile;

    @Option(
            names = "--database-url",
            paramLabel = "URL",
            description =
                    "Use this database instead of SQLite in the data directory, e.g. postgresql://wharf@127.0.0.1:5432/wharf "
                            + "(env WHARF_STORAGE_DATABASE_URL).")
    String databaseUrl;

    ConfigLoader loader() {
        ConfigLoader loader = new ConfigLoader();
        if (configFile != null) {
            loader.file(configFile);
        }
        return loader.environment(System.getenv()).flag("storage.data", data).flag("storage.database-url", databaseUrl);
    }

    WharfConfig load() {
        return loader().load();
    }
}
