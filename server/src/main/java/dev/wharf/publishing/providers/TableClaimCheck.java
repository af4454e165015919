package dev.wharf.publishing.providers;

import static dev.wharf.publishing.providers.ClaimTable.failedRequired;
import static dev.wharf.publishing.providers.ClaimTable.notString;

import dev.wharf.publishing.Claims;
import dev.wharf.publishing.LookupKey;
import dev.wharf.publishing.MatchOutcome;
import dev.wharf.publishing.PublisherKind;
import dev.wharf.publishing.PublisherMismatchException;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the four claim checks share: one {@link ClaimTable} over one identity type, run after a
 * checked cast, and the pieces their lookup keys and specificities are made of.
 *
 * @param <P> the identity type the table checks
 */
abstract sealed class TableClaimCheck<P extends PublisherIdentity> implements ClaimCheck
        permits GitHubClaims, GitLabClaims, GoogleClaims, ActiveStateClaims {
    private final PublisherKind kind;
    private final Class<P> identity;
    private final ClaimTable<P> table;
    private final Function<Claims, LookupKey> lookup;

    /** @param lookup the lookup key the claims name, or a {@link PublisherMismatchException} */
    TableClaimCheck(PublisherKind kind, Class<P> identity, ClaimTable<P> table, Function<Claims, LookupKey> lookup) {
        this.kind = kind;
        this.identity = identity;
        this.table = table;
        this.lookup = lookup;
    }

    @Override
    public final PublisherKind kind() {
        return kind;
    }

    @Override
    public final MatchOutcome match(PublisherIdentity publisher, Claims claims) {
        return table.match(cast(publisher), claims);
    }

    @Override
    public final Optional<String> missingClaim(Claims claims) {
        return table.missing(claims);
    }

    @Override
    public final LookupKey lookupKey(Claims claims) {
        return lookup.apply(claims);
    }

    /** {@code publisher} as this kind's identity; {@code not a GitHub publisher: GOOGLE} otherwise. */
    final P cast(PublisherIdentity publisher) {
        if (identity.isInstance(publisher)) {
            return identity.cast(publisher);
        }
        String article = kind.displayName().matches("[AEIOU].*") ? "an " : "a ";
        throw new IllegalArgumentException("not " + article + kind.displayName() + " publisher: " + publisher.kind());
    }

    /**
     * The specificity of a publisher that pins a claim to {@code pinned} ({@code ""}: any), for a
     * token whose claim is {@code wanted}: 2 for the same value, 1 for a publisher that accepts
     * any, {@link #NOT_SELECTABLE} for one pinned to another value.
     */
    static int pinSpecificity(String pinned, String wanted) {
        if (!wanted.isEmpty() && pinned.equals(wanted)) {
            return 2;
        }
        return pinned.isEmpty() ? 1 : NOT_SELECTABLE;
    }

    /** A string claim the lookup key is made of; the lookup is refused when it is not a JSON string. */
    static String lookupString(Claims claims, String claim) {
        return claims.string(claim)
                .orElseThrow(() ->
                        new PublisherMismatchException(notString(claim, false).orElseThrow()));
    }

    /** The lookup key of a path and a workflow: GitHub's and GitLab's. */
    @FunctionalInterface
    interface PathKey {
        LookupKey of(String owner, String name, String workflow);
    }

    /**
     * The lookup key of a path claim ({@code owner/repository}, {@code namespace/project}) and the
     * workflow claim: the path split at the slash {@code slashAt} finds, both parts non-empty, else
     * refused as not of the form {@code form}; then the workflow {@code workflowOf} finds in the
     * workflow claim, else refused with {@code noWorkflow}.
     */
    static LookupKey pathAndWorkflow(
            Claims claims,
            String pathClaim,
            String form,
            ToIntFunction<String> slashAt,
            String workflowClaim,
            Function<String, Optional<String>> workflowOf,
            String noWorkflow,
            PathKey key) {
        String path = lookupString(claims, pathClaim);
        int slash = slashAt.applyAsInt(path);
        if (slash <= 0 || slash == path.length() - 1) {
            throw new PublisherMismatchException(failedRequired(pathClaim, "the claim is not of the form " + form)
                    .orElseThrow());
        }
        String workflow = claims.string(workflowClaim)
                .flatMap(workflowOf)
                .orElseThrow(() -> new PublisherMismatchException(noWorkflow));
        return key.of(path.substring(0, slash), path.substring(slash + 1), workflow);
    }

    /** The first group of {@code pattern}'s leftmost match in {@code text}, if it matches. */
    static Optional<String> firstGroup(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
