package dev.wharf.publishing;

/** The result of checking a token's claims against one publisher: expected, so not an exception. */
public sealed interface MatchOutcome {
    Matched MATCHED = new Matched();

    static MatchOutcome matched() {
        return MATCHED;
    }

    static MatchOutcome mismatch(String reason) {
        return new Mismatch(reason);
    }

    default boolean isMatch() {
        return this instanceof Matched;
    }

    /** Every check passed. */
    record Matched() implements MatchOutcome {}

    /** A check failed; {@code reason} is the text for {@code invalid-publisher}, in pypi.org's words. */
    record Mismatch(String reason) implements MatchOutcome {}
}
