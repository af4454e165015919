package dev.wharf.cli;

import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code wharf admin project ...}: yank, unyank and delete files until the web UI has them. */
@Command(
        name = "project",
        mixinStandardHelpOptions = true,
        description = "Yank, unyank or delete files of a project; give users roles on it.",
        subcommands = {
            ProjectCommands.Yank.class,
            ProjectCommands.Unyank.class,
            ProjectCommands.DeleteFile.class,
            ProjectCommands.AddRole.class
        })
final class ProjectCommands {
    @ParentCommand
    AdminCommand admin;

    @Command(
            name = "yank",
            mixinStandardHelpOptions = true,
            description = "Yank a release (PEP 592): installers skip it unless pinned exactly.")
    static final class Yank implements Callable<Integer> {
        @ParentCommand
        ProjectCommands parent;

        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "VERSION")
        String version;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why, shown to people who install it anyway.")
        String reason;

        @Override
        public Integer call() {
            return parent.admin.run(wharf -> {
                wharf.projects().yank(project, version, Optional.ofNullable(reason), Optional.empty());
                System.err.println("Yanked " + project + " " + version);
            });
        }
    }

    @Command(name = "unyank", mixinStandardHelpOptions = true, description = "Undo a yank.")
    static final class Unyank implements Callable<Integer> {
        @ParentCommand
        ProjectCommands parent;

        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "VERSION")
        String version;

        @Override
        public Integer call() {
            return parent.admin.run(wharf -> {
                wharf.projects().unyank(project, version, Optional.empty());
                System.err.println("Unyanked " + project + " " + version);
            });
        }
    }

    @Command(
            name = "delete-file",
            mixinStandardHelpOptions = true,
            description = "Delete one file. Its filename can never be uploaded again.")
    static final class DeleteFile implements Callable<Integer> {
        @ParentCommand
        ProjectCommands parent;

        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "FILENAME")
        String filename;

        @Override
        public Integer call() {
            return parent.admin.run(wharf -> {
                wharf.projects().deleteFile(project, filename, Optional.empty());
                System.err.println("Deleted " + filename + "; the name stays reserved");
            });
        }
    }

    @Command(
            name = "add-role",
            mixinStandardHelpOptions = true,
            description = "Give a user a role on a project: Owner or Maintainer (both may upload).")
    static final class AddRole implements Callable<Integer> {
        @ParentCommand
        ProjectCommands parent;

        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "USER")
        String user;

        @Option(names = "--role", paramLabel = "ROLE", description = "Owner or Maintainer (default: Maintainer).")
        String role = "Maintainer";

        @Override
        public Integer call() {
            return parent.admin.run(wharf -> {
                var member = wharf.users()
                        .find(user)
                        .orElseThrow(() -> new dev.wharf.errors.WharfException(
                                dev.wharf.errors.Refusal.NOT_FOUND, "No user named '" + user + "'"));
                wharf.collaborators().grant(project, member.id(), dev.wharf.projects.Role.parse(role));
                System.err.println("Gave " + user + " the role " + role + " on " + project);
            });
        }
    }
}
