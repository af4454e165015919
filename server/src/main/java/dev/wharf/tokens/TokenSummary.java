package dev.wharf.tokens;

import java.time.Instant;
import java.util.Optional;

/**
 * A token as its owner sees it in a list: everything but the secret, which Wharf does not have.
 *
 * @param id the token id
 * @param description the owner's note, e.g. "CI for project foo"
 * @param scope the projects it was issued for
 * @param created when it was created
 * @param expires when it stops working, if it was given an expiry
 * @param lastUsed when it last authenticated, to the minute (later uses within a minute are not recorded)
 * @param revoked whether it has been revoked
 */
public record TokenSummary(
        String id,
        String description,
        TokenScope scope,
        Instant created,
        Optional<Instant> expires,
        Optional<Instant> lastUsed,
        boolean revoked) {}
