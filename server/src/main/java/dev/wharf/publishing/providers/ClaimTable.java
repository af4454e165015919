package dev.wharf.publishing.providers;

import dev.wharf.publishing.Claims;
import dev.wharf.publishing.MatchOutcome;
import dev.wharf.publishing.Repr;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;

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

    /** A check of a claim that is a JSON string, given its value. */
    @FunctionalInterface
    interface StringCheck<P> {
        Optional<String> failure(P publisher, String value, Claims claims);
    }

    /** One row of the table. */
    record Rule<P>(String claim, Presence presence, Check<P> check) {}

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

    /** A required claim that must be a JSON string; any other value fails before {@code check} sees it. */
    static <P> Rule<P> requiredString(String claim, StringCheck<P> check) {
        return required(
                claim,
                (p, claims) -> claims.string(claim)
                        .map(value -> check.failure(p, value, claims))
                        .orElseGet(() -> notString(claim, false)));
    }

    /** A required string claim that passes when {@code accepts} holds, else fails with {@code hint}. */
    static <P> Rule<P> requiredString(String claim, BiPredicate<P, String> accepts, String hint) {
        return requiredString(
                claim, (p, value, claims) -> accepts.test(p, value) ? Optional.empty() : failedRequired(claim, hint));
    }

    /**
     * An optional claim a publisher may pin to a value: any token passes a publisher whose
     * {@code pinned} value is {@code ""}; for the others a present claim that is not a JSON string
     * fails, and {@code check} gets the claim's value, {@code ""} when absent.
     */
    static <P> Rule<P> optionalPinned(String claim, Function<P, String> pinned, StringCheck<P> check) {
        return optional(claim, (p, claims) -> {
            if (pinned.apply(p).isEmpty()) {
                return Optional.empty();
            }
            if (claims.present(claim) && claims.string(claim).isEmpty()) {
                return notString(claim, true);
            }
            return check.failure(p, claims.stringOrEmpty(claim), claims);
        });
    }

    /** A pinned optional claim's {@code value} against the publisher's: absent, other, or the same. */
    static Optional<String> samePinned(String claim, String value, String pinned, String absentHint, String otherHint) {
        if (value.isEmpty()) {
            return failedOptional(claim, absentHint);
        }
        return value.equals(pinned) ? Optional.empty() : failedOptional(claim, otherHint);
    }

    /**
     * pypi.org's check of the claim that names the workflow that runs ({@code job_workflow_ref},
     * {@code ci_config_ref_uri}): not empty, and exactly {@code <truth>@<ref>} for one of the
     * non-empty {@code refs}. {@code refsEmpty} is the reason when the refs are missing: all of
     * them, or with {@code everyRef} any of them.
     */
    static Optional<String> workflowAtRef(
            String claim, String value, String truth, List<String> refs, boolean everyRef, String refsEmpty) {
        if (value.isEmpty()) {
            return Optional.of("The " + claim + " claim is empty");
        }
        if (everyRef ? refs.stream().anyMatch(String::isEmpty) : refs.stream().allMatch(String::isEmpty)) {
            return Optional.of(refsEmpty);
        }
        Set<String> expected = new LinkedHashSet<>();
        for (String ref : refs) {
            if (!ref.isEmpty()) {
                expected.add(truth + "@" + ref);
            }
        }
        if (!expected.contains(value)) {
            return Optional.of("The " + claim + " claim does not match, expecting one of " + Repr.sortedList(expected)
                    + ", got " + Repr.of(value));
        }
        return Optional.empty();
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
