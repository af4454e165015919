package dev.wharf.cli;

import dev.wharf.indexes.Ages;
import dev.wharf.indexes.IndexDefinition;
import dev.wharf.indexes.IndexException;
import dev.wharf.indexes.IndexName;
import dev.wharf.indexes.MirrorIndex;
import dev.wharf.indexes.ProjectPattern;
import dev.wharf.indexes.VirtualIndex;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code wharf admin index ...}: mirrors of upstream indexes, virtual indexes, and which one /simple/ serves. */
@Command(
        name = "index",
        mixinStandardHelpOptions = true,
        description = "Define mirror and virtual indexes (served at /i/NAME/simple/) and choose what /simple/ serves.",
        subcommands = {
            IndexCommands.Add.class,
            IndexCommands.ListIndexes.class,
            IndexCommands.Remove.class,
            IndexCommands.SetDefault.class,
            IndexCommands.AllowMerge.class
        })
final class IndexCommands {
    @ParentCommand
    AdminCommand admin;

    /** Exactly one of --mirror and --virtual. */
    static final class Kind {
        @Option(
                names = "--mirror",
                paramLabel = "URL",
                description = "A caching mirror of this simple index, e.g. https://pypi.org/simple/.")
        URI mirror;

        @Option(
                names = "--virtual",
                paramLabel = "MEMBER[,MEMBER...]",
                split = ",",
                description =
                        "A virtual index of these members in order: 'hosted' (the uploaded projects) and mirrors.")
        List<String> members;
    }

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = {
                "Add a mirror or a virtual index.",
                "  wharf admin index add pypi --mirror https://pypi.org/simple/ --min-age 3d",
                "  wharf admin index add all --virtual hosted,pypi --protect 'acme-*'"
            })
    static final class Add implements Callable<Integer> {
        @ParentCommand
        IndexCommands parent;

        @Parameters(index = "0", paramLabel = "NAME", description = "Lowercase letters, digits and hyphens.")
        String name;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Kind kind;

        @Option(
                names = "--ttl",
                paramLabel = "AGE",
                description = "Mirror: serve a fetched page this long before " + "revalidating it (default 10m).")
        String ttl = "10m";

        @Option(
                names = "--min-age",
                paramLabel = "AGE",
                description = "Mirror: hide upstream files younger than "
                        + "this by their upload time, e.g. 3d (the cooldown; default none).")
        String minAge;

        @Option(
                names = "--exempt",
                paramLabel = "PROJECT",
                description = "Mirror: a project the cooldown does not " + "apply to (repeatable).")
        List<String> exempt = new ArrayList<>();

        @Option(names = "--username", paramLabel = "USER", description = "Mirror: user name for a private upstream.")
        String username;

        @Option(
                names = "--password-env",
                paramLabel = "VAR",
                description = "Mirror: the environment variable of the "
                        + "server holding the upstream password. The password itself is never stored.")
        String passwordEnv;

        @Option(
                names = "--replace",
                description = "Change the settings of an existing index of the same kind instead of refusing.")
        boolean replace;

        @Option(
                names = "--protect",
                paramLabel = "PATTERN",
                description = "Virtual: names served from 'hosted' only, "
                        + "e.g. 'acme-*' (repeatable). Every hosted project's name is protected anyway.")
        List<String> protect = new ArrayList<>();

        @Override
        public Integer call() {
            IndexName indexName = new IndexName(name);
            IndexDefinition index;
            if (kind.mirror != null) {
                if (!protect.isEmpty()) {
                    throw new IndexException(dev.wharf.errors.Refusal.BAD_REQUEST, "--protect is for virtual indexes");
                }
                index = new MirrorIndex(
                        indexName,
                        kind.mirror,
                        Ages.parse(ttl, "--ttl"),
                        Optional.ofNullable(minAge).map(age -> Ages.parse(age, "--min-age")),
                        Set.copyOf(exempt),
                        Optional.ofNullable(username),
                        Optional.ofNullable(passwordEnv));
                if (passwordEnv != null && System.getenv(passwordEnv) == null) {
                    System.err.println("Note: " + passwordEnv + " is not set here; the server reads it from its own "
                            + "environment when it fetches from the upstream.");
                }
            } else {
                if (minAge != null || !exempt.isEmpty() || username != null || passwordEnv != null) {
                    throw new IndexException(
                            dev.wharf.errors.Refusal.BAD_REQUEST,
                            "--min-age, --exempt, --username and --password-env are for mirrors");
                }
                index = new VirtualIndex(
                        indexName,
                        kind.members.stream()
                                .map(String::trim)
                                .map(IndexName::new)
                                .toList(),
                        protect.stream().map(ProjectPattern::new).toList());
            }
            return parent.admin.run(wharf -> {
                if (replace && wharf.indexes().find(indexName).isPresent()) {
                    wharf.indexes().change(index);
                    System.err.println("Changed the " + index.kind() + " index " + name);
                    return;
                }
                wharf.indexes().add(index);
                System.err.println("Added the " + index.kind() + " index " + name + ": /i/" + name + "/simple/");
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the indexes and the default.")
    static final class ListIndexes implements Callable<Integer> {
        @ParentCommand
        IndexCommands parent;

        @Override
        public Integer call() {
            return parent.admin.run(wharf -> {
                IndexName chosen = wharf.indexes().defaultIndex();
                System.out.println(
                        "hosted\thosted\t" + (chosen.isHosted() ? "default" : "") + "\tthe uploaded projects");
                for (IndexDefinition index : wharf.indexes().list()) {
                    System.out.println(index.name() + "\t" + index.kind() + "\t"
                            + (chosen.equals(index.name()) ? "default" : "") + "\t" + describe(index));
                }
            });
        }

        static String describe(IndexDefinition index) {
            return switch (index) {
                case MirrorIndex mirror ->
                    mirror.upstream() + " ttl=" + Ages.format(mirror.ttl())
                            + mirror.minAge()
                                    .map(age -> " min-age=" + Ages.format(age))
                                    .orElse("")
                            + (mirror.cooldownExempt().isEmpty()
                                    ? ""
                                    : " exempt=" + String.join(",", mirror.cooldownExempt()))
                            + mirror.username()
                                    .map(user -> " user=" + user + " password-env="
                                            + mirror.passwordEnv().orElseThrow())
                                    .orElse("");
                case VirtualIndex virtual ->
                    "members="
                            + String.join(
                                    ",",
                                    virtual.members().stream()
                                            .map(IndexName::value)
                                            .toList())
                            + (virtual.protect().isEmpty()
                                    ? ""
                                    : " protect="
                                            + String.join(
                                                    ",",
                                                    virtual.protect().stream()
                                                            .map(ProjectPattern::value)
                                                            .toList()));
            };
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove an index and what it cached.")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        IndexCommands parent;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            return parent.admin.run(wharf -> {
                wharf.indexes().remove(new IndexName(name));
                System.err.println(
                        "Removed the index " + name + "; its stored files are reclaimed by the hourly clean-up");
            });
        }
    }

    @Command(
            name = "set-default",
            mixinStandardHelpOptions = true,
            description = "Choose the index /simple/ serves ('hosted', the default, or a defined index).")
    static final class SetDefault implements Callable<Integer> {
        @ParentCommand
        IndexCommands parent;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            return parent.admin.run(wharf -> {
                wharf.indexes().setDefault(new IndexName(name));
                System.err.println("/simple/ now serves " + name);
            });
        }
    }

    @Command(
            name = "allow-merge",
            mixinStandardHelpOptions = true,
            description = "Let virtual indexes show upstream files under a hosted project's name beside its own "
                    + "(its owner can do this on the project's settings page). --off protects it again.")
    static final class AllowMerge implements Callable<Integer> {
        @ParentCommand
        IndexCommands parent;

        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Option(names = "--off", description = "Protect the name again: hosted files only.")
        boolean off;

        @Override
        public Integer call() {
            return parent.admin.run(wharf -> {
                wharf.indexes().setMergeAllowed(project, !off, Optional.empty());
                System.err.println(
                        off
                                ? "Only hosted files of " + project + " appear in virtual indexes"
                                : "Upstream files of " + project + " may now appear beside its hosted files");
            });
        }
    }
}
