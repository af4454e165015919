package dev.wharf.cli;

import dev.wharf.app.Wharf;
import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;
import dev.wharf.publishing.PendingPublisher;
import dev.wharf.publishing.StoredPublisher;
import dev.wharf.publishing.providers.ActiveStateIdentity;
import dev.wharf.publishing.providers.GitHubIdentity;
import dev.wharf.publishing.providers.GitLabIdentity;
import dev.wharf.publishing.providers.GoogleIdentity;
import dev.wharf.publishing.providers.PublisherIdentity;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code wharf admin publisher ...}: trusted publishers of projects, and pending publishers of users. */
@Command(
        name = "publisher",
        mixinStandardHelpOptions = true,
        description = {
            "Manage trusted publishers: the CI workflows allowed to publish a project without a stored secret.",
            "A pending publisher (--pending --user NAME) creates its project on first use, owned by that user."
        },
        subcommands = {
            PublisherCommands.Add.class,
            PublisherCommands.ListPublishers.class,
            PublisherCommands.Remove.class
        })
final class PublisherCommands {
    @ParentCommand
    AdminCommand admin;

    /** The identity fields of each kind; which are required depends on --kind. */
    static final class IdentityOptions {
        @Option(
                names = "--kind",
                required = true,
                paramLabel = "KIND",
                description = "github, gitlab, google or activestate.")
        String kind;

        @Option(
                names = "--issuer",
                paramLabel = "URL",
                description =
                        "Issuer URL when not the public service (GitHub Enterprise, self-managed GitLab, the dev issuer).")
        String issuer;

        @Option(
                names = "--owner",
                paramLabel = "OWNER",
                description = "GitHub: the repository owner (user or organization).")
        String owner;

        @Option(
                names = "--owner-id",
                paramLabel = "ID",
                description =
                        "GitHub: the owner's numeric id (\"id\" in https://api.github.com/users/OWNER); it stops a "
                                + "deleted-and-recreated account of the same name from publishing.")
        String ownerId;

        @Option(
                names = "--repository",
                paramLabel = "NAME",
                description = "GitHub: the repository name (without the owner).")
        String repository;

        @Option(
                names = "--workflow",
                paramLabel = "FILE",
                description =
                        "GitHub: the workflow file name, e.g. release.yml. GitLab: the pipeline file path, e.g. .gitlab-ci.yml.")
        String workflow;

        @Option(
                names = "--environment",
                paramLabel = "ENV",
                description = "GitHub/GitLab: require this deployment environment (optional).")
        String environment = "";

        @Option(
                names = "--namespace",
                paramLabel = "NS",
                description = "GitLab: the namespace (group/subgroup or user).")
        String namespace;

        @Option(names = "--gitlab-project", paramLabel = "NAME", description = "GitLab: the project name.")
        String gitlabProject;

        @Option(names = "--email", paramLabel = "EMAIL", description = "Google: the service account email.")
        String email;

        @Option(
                names = "--sub",
                paramLabel = "SUB",
                description = "Google: the account's subject, to pin it (optional).")
        String sub = "";

        @Option(names = "--organization", paramLabel = "ORG", description = "ActiveState: the organization.")
        String organization;

        @Option(names = "--activestate-project", paramLabel = "NAME", description = "ActiveState: the project.")
        String activestateProject;

        @Option(names = "--actor", paramLabel = "USER", description = "ActiveState: the actor's user name.")
        String actor;

        @Option(names = "--actor-id", paramLabel = "ID", description = "ActiveState: the actor's id.")
        String actorId;

        PublisherIdentity identity() {
            return switch (kind) {
                case "github" ->
                    issuer == null
                            ? GitHubIdentity.validated(owner, ownerId, repository, workflow, environment)
                            : GitHubIdentity.validated(owner, ownerId, repository, workflow, environment, issuer);
                case "gitlab" ->
                    issuer == null
                            ? GitLabIdentity.validated(namespace, gitlabProject, workflow, environment)
                            : GitLabIdentity.validated(issuer, namespace, gitlabProject, workflow, environment);
                case "google" -> GoogleIdentity.validated(email, sub);
                case "activestate" -> ActiveStateIdentity.validated(organization, activestateProject, actor, actorId);
                default ->
                    throw new WharfException(
                            Refusal.BAD_REQUEST,
                            "--kind must be github, gitlab, google or activestate, not '" + kind + "'");
            };
        }
    }

    /** Where a publisher goes: a project, or a user's pending list. */
    static final class Target {
        @Option(
                names = "--project",
                required = true,
                paramLabel = "NAME",
                description = "The project (for --pending: the name the first publish will create).")
        String project;

        @Option(names = "--pending", description = "A pending publisher for a project that does not exist yet.")
        boolean pending;

        @Option(
                names = "--user",
                paramLabel = "NAME",
                description = "With --pending: the user who will own the new project.")
        String user;

        long userId(Wharf wharf) {
            if (user == null) {
                throw new WharfException(
                        Refusal.BAD_REQUEST, "--pending needs --user NAME: the owner of the project it creates");
            }
            return wharf.users()
                    .find(user)
                    .orElseThrow(() -> new WharfException(Refusal.NOT_FOUND, "No user named '" + user + "'"))
                    .id();
        }
    }

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = "Attach a trusted publisher to a project, or add a pending one.")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        PublisherCommands parent;

        @ArgGroup(exclusive = false, multiplicity = "1")
        Target target;

        @ArgGroup(exclusive = false, multiplicity = "1")
        IdentityOptions identity;

        @Override
        public Integer call() {
            return parent.admin.run(wharf -> {
                PublisherIdentity who = identity.identity();
                if (target.pending) {
                    PendingPublisher pending =
                            wharf.publisherService().addPending(who, target.project, target.userId(wharf));
                    System.out.println(pending.id());
                    System.err.println("Pending publisher " + pending.id() + " (" + who.displayName() + ") will create "
                            + pending.projectName() + " on its first publish; it expires " + pending.expiresAt());
                } else {
                    StoredPublisher publisher = wharf.publisherService().add(target.project, who, Optional.empty());
                    System.out.println(publisher.id());
                    System.err.println("Trusted publisher " + publisher.id() + " (" + who.displayName()
                            + ") may now publish " + target.project);
                }
            });
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "List a project's publishers, or a user's pending ones.")
    static final class ListPublishers implements Callable<Integer> {
        @ParentCommand
        PublisherCommands parent;

        @Option(names = "--project", paramLabel = "NAME")
        String project;

        @Option(names = "--pending", description = "List pending publishers of --user.")
        boolean pending;

        @Option(names = "--user", paramLabel = "NAME")
        String user;

        @Override
        public Integer call() {
            return parent.admin.run(wharf -> {
                if (pending) {
                    Target target = new Target();
                    target.user = user;
                    System.out.println("ID\tPROJECT\tKIND\tPUBLISHER\tEXPIRES");
                    for (PendingPublisher p : wharf.publisherService().pending(target.userId(wharf))) {
                        System.out.println(p.id() + "\t" + p.projectName() + "\t"
                                + p.identity().kind().label() + "\t"
                                + p.identity().displayName() + "\t" + p.expiresAt());
                    }
                } else {
                    if (project == null) {
                        throw new WharfException(Refusal.BAD_REQUEST, "Give --project NAME, or --pending --user NAME");
                    }
                    System.out.println("ID\tKIND\tISSUER\tPUBLISHER");
                    for (StoredPublisher p : wharf.publisherService().list(project)) {
                        System.out.println(p.id() + "\t" + p.kind().label() + "\t"
                                + p.identity().issuerUrl() + "\t" + p.identity().displayName());
                    }
                }
            });
        }
    }

    @Command(
            name = "remove",
            mixinStandardHelpOptions = true,
            description = "Detach a publisher from a project (its live tokens stop at once), or delete a pending one.")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        PublisherCommands parent;

        @Parameters(paramLabel = "ID")
        long id;

        @Option(names = "--project", paramLabel = "NAME")
        String project;

        @Option(names = "--pending", description = "ID is a pending publisher of --user.")
        boolean pending;

        @Option(names = "--user", paramLabel = "NAME")
        String user;

        @Override
        public Integer call() {
            return parent.admin.run(wharf -> {
                if (pending) {
                    Target target = new Target();
                    target.user = user;
                    wharf.publisherService().removePending(id, target.userId(wharf));
                    System.err.println("Removed pending publisher " + id);
                } else {
                    if (project == null) {
                        throw new WharfException(Refusal.BAD_REQUEST, "Give --project NAME, or --pending --user NAME");
                    }
                    wharf.publisherService().remove(project, id, Optional.empty());
                    System.err.println("Removed trusted publisher " + id + " from " + project);
                }
            });
        }
    }
}
