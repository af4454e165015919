package dev.wharf.cli;

import dev.wharf.distributions.ProjectName;
import dev.wharf.projects.EventFilter;
import dev.wharf.projects.StoredEvent;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code wharf admin events}: the security history, newest first. */
@Command(
        name = "events",
        mixinStandardHelpOptions = true,
        description = {
            "Show the security history: uploads, yanks, deletions, publisher changes and every Trusted Publishing",
            "exchange, accepted (oidc:mint) or refused (oidc:mint-refused, with its reason code). Newest first."
        })
final class EventsCommand implements Callable<Integer> {
    @ParentCommand
    AdminCommand admin;

    @Option(names = "--project", paramLabel = "NAME", description = "Only this project's events.")
    String project;

    @Option(
            names = "--kind",
            paramLabel = "PREFIX",
            description = "Only events whose kind starts with this, e.g. oidc:")
    String kind;

    @Option(names = "--limit", paramLabel = "N", description = "At most N events (default 50).")
    int limit = 50;

    @Override
    public Integer call() {
        return admin.run(wharf -> {
            System.out.println("TIME\tKIND\tPROJECT\tUSER\tTOKEN\tDETAIL");
            EventFilter filter = new EventFilter(
                    Optional.empty(),
                    Optional.ofNullable(project).map(ProjectName::normalize),
                    Optional.ofNullable(kind),
                    Optional.empty(),
                    limit);
            for (StoredEvent event : wharf.securityHistory().find(filter)) {
                System.out.println(String.join(
                        "\t",
                        event.at().toString(),
                        event.kind(),
                        event.project().orElse("null"),
                        event.actor().orElse("null"),
                        event.tokenId().orElse("null"),
                        event.detailJson()));
            }
        });
    }
}
