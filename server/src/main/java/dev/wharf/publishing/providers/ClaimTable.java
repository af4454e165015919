package dev.wharf.publishing.providers;

import dev.wharf.publishing.Claims;
import dev.wharf.publishing.MatchOutcome;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * pypi.org's claim-matching framework (warehouse {@code oidc/models/_core.py}) as a
 * table: every claim a publisher kind looks at is a row, in pypi.org's declaration order, with
 * whether it must be present and how it is checked. {@link #match} first requires every required
 * claim to be present and non-null ({@code Missing claim '<name>'}), then runs the required checks
 * in order, then the optional ones; the first failure is the reason.
 *
 * <p>Claims listed in {@code unchecked} are known and deliberately ignored; they are written out
 * so that a reader sees what is <em>not</em> checked. Unknown claims are ignored too (pypi.org
 * only logs them). The standard claims {@code iss, aud, exp, iat, nbf} are verified with the JWT
 * and {@code jti} by the replay store, both in {@code dev.wharf.publishing.oidc}, never here.
 */
final class ClaimTable<P extends PublisherIdentity> {

    /** How a claim takes part in matching. */
    enum Presence {
        /** Must be present and non-null, and its check must pass ({@code __required_verifiable_claims__}). */
        REQUIRED,
        /** Must be present and non-null; other checks read it ({@code __required_unverifiable_claims__}). */
        REQUIRED_UNVERIFIED,
        /** May be absent; its check still runs ({@code __optional_verifiable_claims__}). */
        OPTIONAL
    }

    /** A check of one claim against a publisher: empty when it passes, else the reason. */
    @FunctionalInterface
    interface Check<P> {
        Optional<String> failure(P publisher, Claims claims);
    }

    /** One row of the table. */
    record Rule<P>(String claim, Presence presence, Check<P> check) {
    }

    private final List<Rule<P>> rules;
    private final Set<String> unchecked;

    ClaimTable(List<Rule<P>> rules, Set<String> unchecked) {
        this.rules = List.copyOf(rules);
        this.unchecked = Set.copyOf(unchecked);
    }

    static <P> Rule<P> required(String claim, Check<P> check) {
        return new Rule<>(claim, Presence.REQUIRED, check);
    }

    static <P> Rule<P> requiredUnverified(String claim) {
        return new Rule<>(claim, Presence.REQUIRED_UNVERIFIED, (p, c) -> Optional.empty());
    }

    static <P> Rule<P> optional(String claim, Check<P> check) {
        return new Rule<>(claim, Presence.OPTIONAL, check);
    }

    /** pypi.org's generic failure text, with a hint a person can act on after the colon. */
    static Optional<String> failedRequired(String claim, String hint) {
        return Optional.of("Check failed for required claim '" + claim + "': " + hint);
    }

    static Optional<String> failedOptional(String claim, String hint) {
        return Optional.of("Check failed for optional claim '" + claim + "': " + hint);
    }

    static Optional<String> notString(String claim, boolean optional) {
        String hint = "the claim is not a JSON string";
        return optional ? failedOptional(claim, hint) : failedRequired(claim, hint);
    }

    /** {@code Missing claim '<name>'} for the first required claim that is absent or null. */
    Optional<String> missing(Claims claims) {
        for (Rule<P> rule : rules) {
            if (rule.presence() != Presence.OPTIONAL && !claims.present(rule.claim())) {
                return Optional.of("Missing claim '" + rule.claim() + "'");
            }
        }
        return Optional.empty();
    }

    MatchOutcome match(P publisher, Claims claims) {
        Optional<String> missing = missing(claims);
        if (missing.isPresent()) {
            return MatchOutcome.mismatch(missing.get());
        }
        for (Presence pass : List.of(Presence.REQUIRED, Presence.OPTIONAL)) {
            for (Rule<P> rule : rules) {
                if (rule.presence() == pass) {
                    Optional<String> failure = rule.check().failure(publisher, claims);
                    if (failure.isPresent()) {
                        return MatchOutcome.mismatch(failure.get());
                    }
                }
            }
        }
        return MatchOutcome.matched();
    }

    List<Rule<P>> rules() {
        return rules;
    }

    Set<String> unchecked() {
        return unchecked;
    }
}
