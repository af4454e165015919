package dev.wharf.cli;

import dev.wharf.app.Wharf;
import dev.wharf.distributions.ProjectName;
import dev.wharf.storage.db.Micros;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code wharf admin events}: the security history, newest first. */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = {"Show the security history: uploads, yanks, deletions, publisher changes and every Trusted Publishing",
                "exchange, accepted (oidc:mint) or refused (oidc:mint-refused, with its reason code). Newest first."})
final class EventsCommand implements Callable<Integer> {
    @ParentCommand
    AdminCommand admin;

    @Option(names = "--project", paramLabel = "NAME", description = "Only this project's events.")
    String project;

    @Option(names = "--kind", paramLabel = "PREFIX", description = "Only events whose kind starts with this, e.g. oidc:")
    String kind;

    @Option(names = "--limit", paramLabel = "N", description = "At most N events (default 50).")
    int limit = 50;

    @Override
    public Integer call() {
        try (Wharf wharf = Wharf.open(admin.data.load())) {
            System.out.println("TIME\tKIND\tPROJECT\tUSER\tTOKEN\tDETAIL");
            wharf.database().read(handle -> {
                StringBuilder sql = new StringBuilder("""
                        SELECT e.created_at, e.kind, p.name AS project, u.username, e.token_id, e.detail_json
                        FROM events e LEFT JOIN projects p ON p.id = e.project_id LEFT JOIN users u ON u.id = e.user_id
                        WHERE 1 = 1""");
                if (project != null) {
                    sql.append(" AND p.normalized_name = :project");
                }
                if (kind != null) {
                    sql.append(" AND e.kind LIKE :kind ESCAPE '\\'");
                }
                sql.append(" ORDER BY e.id DESC LIMIT :limit");
                var query = handle.createQuery(sql.toString()).bind("limit", Math.max(1, Math.min(limit, 10_000)));
                if (project != null) {
                    query.bind("project", ProjectName.normalize(project));
                }
                if (kind != null) {
                    query.bind("kind", kind.replace("%", "").replace("_", "\\_") + "%");
                }
                query.map((rs, ctx) -> String.join("\t", Micros.toInstant(rs.getLong("created_at")).toString(),
                                rs.getString("kind"), String.valueOf(rs.getString("project")), String.valueOf(rs.getString("username")),
                                String.valueOf(rs.getString("token_id")), rs.getString("detail_json")))
                        .forEach(System.out::println);
                return null;
            });
        }
        return 0;
    }
}
