package dev.wharf.publishing;

import dev.wharf.publishing.providers.ClaimCheck;
import dev.wharf.publishing.providers.PublisherIdentity;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jdbi.v3.core.Handle;

/**
 * Finds the trusted publisher a verified token's claims belong to (pypi.org's
 * {@code find_publisher}): the issuer must suit the kind, the required claims must be present,
 * the claims' lookup key selects candidates, the most specific candidate is chosen, and
 * every claim check must pass for it.
 *
 * <p>Refusals name the failed check of the candidate that nearly matched. When no publisher shares
 * the token's lookup key the reason is only {@value PublisherMismatchException#NOT_FOUND}: other
 * publishers' configuration is never described.
 */
public final class PublisherMatcher {
    private final PublisherRepository publishers;

    public PublisherMatcher(PublisherRepository publishers) {
        this.publishers = publishers;
    }

    /** The matched publisher. */
    public record Match(StoredPublisher publisher) {}

    /**
     * The most specific stored publisher whose checks all pass.
     *
     * @param issuerUrl the token's verified {@code iss}, already mapped to {@code kind} by the issuer registry
     * @throws PublisherMismatchException naming the check that failed
     */
    public Match findPublisher(Handle handle, Claims claims, PublisherKind kind, String issuerUrl) {
        return findPublisher(claims, kind, issuerUrl, key -> publishers.candidates(handle, kind, issuerUrl, key));
    }

    /**
     * The same, with the candidates for a lookup key supplied by the caller (e.g. from a short-lived
     * cache); every check still runs against this token's claims.
     */
    public Match findPublisher(
            Claims claims,
            PublisherKind kind,
            String issuerUrl,
            java.util.function.Function<LookupKey, List<StoredPublisher>> candidatesByKey) {
        ClaimCheck check = prepare(claims, kind, issuerUrl);
        LookupKey key = check.lookupKey(claims);
        return new Match(select(check, claims, candidatesByKey.apply(key), StoredPublisher::identity));
    }

    /**
     * The most specific unexpired pending publisher whose checks all pass, among those
     * {@code usable} accepts. Empty when none does: as on pypi.org, a pending mismatch is never
     * the exchange's answer, the normal publisher's is.
     *
     * @throws PublisherMismatchException only if several usable pending publishers match equally
     *     well; none is used then, so no one can take over a name by registering a copy
     */
    public Optional<PendingPublisher> findPending(
            Handle handle,
            Claims claims,
            PublisherKind kind,
            String issuerUrl,
            Instant now,
            Predicate<PendingPublisher> usable) {
        ClaimCheck check;
        LookupKey key;
        try {
            check = prepare(claims, kind, issuerUrl);
            key = check.lookupKey(claims);
        } catch (PublisherMismatchException e) {
            return Optional.empty();
        }
        List<PendingPublisher> candidates = publishers.pendingCandidates(handle, kind, issuerUrl, key, now).stream()
                .filter(usable)
                .toList();
        // Specificity must not decide between registrants: otherwise a squatter who adds the victim's
        // environment to a pending row for the victim's repository and workflow would outrank the
        // victim's own env-less row and create the project for himself. Rows of several users that
        // would all match are refused together, whatever their specificity.
        List<PendingPublisher> allMatching = candidates.stream()
                .filter(p -> check.match(p.identity(), claims).isMatch())
                .toList();
        if (allMatching.stream().map(PendingPublisher::addedBy).distinct().count() > 1) {
            throw new PublisherMismatchException("More than one pending publisher matches this token (registered by "
                    + "different users), so none was used; the ones that are not yours can be removed by their owners "
                    + "or by the index's administrators");
        }
        int best = bestSpecificity(check, claims, candidates, PendingPublisher::identity);
        List<PendingPublisher> matching = candidates.stream()
                .filter(p -> check.specificity(p.identity(), claims) == best)
                .filter(p -> check.match(p.identity(), claims).isMatch())
                .toList();
        if (best == ClaimCheck.NOT_SELECTABLE || matching.isEmpty()) {
            return Optional.empty();
        }
        if (matching.size() > 1) {
            throw new PublisherMismatchException("More than one pending publisher matches this token (registered for "
                    + "different project names or by different users), so none was used; the ones that are not "
                    + "yours can be removed by their owners or by the index's administrators");
        }
        return Optional.of(matching.getFirst());
    }

    /** Issuer and presence checks shared by both lookups. */
    private static ClaimCheck prepare(Claims claims, PublisherKind kind, String issuerUrl) {
        // As on pypi.org: kinds without custom issuers accept only their service's issuer.
        if (!kind.allowsCustomIssuer() && !kind.canonicalIssuer().equals(issuerUrl)) {
            throw new PublisherMismatchException("JWT issuer " + Repr.of(issuerUrl) + " does not match expected issuer "
                    + Repr.of(kind.canonicalIssuer()));
        }
        ClaimCheck check = ClaimCheck.forKind(kind);
        check.missingClaim(claims).ifPresent(reason -> {
            throw new PublisherMismatchException(reason);
        });
        return check;
    }

    /**
     * Among the candidates of the highest specificity, the first whose checks pass; else the
     * first one's failure. A candidate that names another environment (or {@code sub}) is only
     * used to explain the refusal, never selected.
     */
    static <T> T select(ClaimCheck check, Claims claims, List<T> candidates, Function<T, PublisherIdentity> identity) {
        if (candidates.isEmpty()) {
            throw PublisherMismatchException.notFound();
        }
        int best = bestSpecificity(check, claims, candidates, identity);
        List<T> group = candidates.stream()
                .filter(c -> check.specificity(identity.apply(c), claims) == best)
                .toList();
        String firstReason = null;
        for (T candidate : group) {
            MatchOutcome outcome = check.match(identity.apply(candidate), claims);
            if (outcome instanceof MatchOutcome.Mismatch(String reason)) {
                firstReason = firstReason == null ? reason : firstReason;
            } else if (best != ClaimCheck.NOT_SELECTABLE) {
                return candidate;
            }
        }
        throw new PublisherMismatchException(firstReason == null ? PublisherMismatchException.NOT_FOUND : firstReason);
    }

    private static <T> int bestSpecificity(
            ClaimCheck check, Claims claims, List<T> candidates, Function<T, PublisherIdentity> identity) {
        return candidates.stream()
                .mapToInt(c -> check.specificity(identity.apply(c), claims))
                .max()
                .orElse(ClaimCheck.NOT_SELECTABLE);
    }
}
