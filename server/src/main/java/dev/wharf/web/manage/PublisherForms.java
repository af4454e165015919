package dev.wharf.web.manage;

import dev.wharf.publishing.PublisherKind;
import dev.wharf.publishing.PublisherRegistrationException;
import dev.wharf.publishing.oidc.Issuer;
import dev.wharf.publishing.oidc.IssuerKind;
import dev.wharf.publishing.providers.ActiveStateIdentity;
import dev.wharf.publishing.providers.GitHubIdentity;
import dev.wharf.publishing.providers.GitLabIdentity;
import dev.wharf.publishing.providers.GoogleIdentity;
import dev.wharf.publishing.providers.PublisherIdentity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the fields of one publisher form into a validated {@link PublisherIdentity}. The rules
 * and their messages are the identity factories' own; this class only picks the factory and
 * checks that a chosen issuer is one the select offered (the public service, or one an
 * administrator added for that kind), so a hand-made POST cannot name an arbitrary issuer.
 */
public final class PublisherForms {
    /** Every field {@link #identity} reads, over the four kinds' forms. */
    public static final List<String> FIELDS = List.of(
            "issuer",
            "owner",
            "owner_id",
            "repository",
            "workflow_filename",
            "environment",
            "namespace",
            "project",
            "workflow_filepath",
            "email",
            "sub",
            "organization",
            "actor",
            "actor_id");

    private PublisherForms() {}

    /** The issuer choices for a kind: the public service first, then added issuers of that kind. */
    public static List<IssuerOption> issuerOptions(PublisherKind kind, List<Issuer> issuers) {
        List<IssuerOption> options = new ArrayList<>();
        options.add(new IssuerOption(
                kind.canonicalIssuer(),
                switch (kind) {
                    case GITHUB -> "github.com";
                    case GITLAB -> "gitlab.com";
                    default -> kind.displayName();
                }));
        if (kind.allowsCustomIssuer()) {
            IssuerKind wanted = IssuerKind.ofService(kind.label()).orElseThrow();
            for (Issuer issuer : issuers) {
                if (!issuer.builtIn() && issuer.kind() == wanted) {
                    options.add(new IssuerOption(issuer.url(), issuer.url()));
                }
            }
        }
        return List.copyOf(options);
    }

    /**
     * @param fields the submitted form fields by name; missing ones count as empty
     * @throws PublisherRegistrationException with the message to show next to the form
     */
    public static PublisherIdentity identity(PublisherKind kind, Map<String, String> fields, List<Issuer> issuers) {
        return switch (kind) {
            case GITHUB ->
                GitHubIdentity.validated(
                        field(fields, "owner"),
                        field(fields, "owner_id"),
                        field(fields, "repository"),
                        field(fields, "workflow_filename"),
                        field(fields, "environment"),
                        issuer(kind, fields, issuers));
            case GITLAB ->
                GitLabIdentity.validated(
                        issuer(kind, fields, issuers),
                        field(fields, "namespace"),
                        field(fields, "project"),
                        field(fields, "workflow_filepath"),
                        field(fields, "environment"));
            case GOOGLE -> GoogleIdentity.validated(field(fields, "email"), field(fields, "sub"));
            case ACTIVESTATE ->
                ActiveStateIdentity.validated(
                        field(fields, "organization"),
                        field(fields, "project"),
                        field(fields, "actor"),
                        field(fields, "actor_id"));
        };
    }

    private static String issuer(PublisherKind kind, Map<String, String> fields, List<Issuer> issuers) {
        String chosen = Optional.ofNullable(fields.get("issuer"))
                .filter(s -> !s.isEmpty())
                .orElse(kind.canonicalIssuer());
        boolean offered =
                issuerOptions(kind, issuers).stream().anyMatch(o -> o.url().equals(chosen));
        if (!offered) {
            throw new PublisherRegistrationException("Choose one of the listed issuers; an administrator adds others.");
        }
        return chosen;
    }

    private static String field(Map<String, String> fields, String name) {
        return fields.getOrDefault(name, "");
    }
}
