package dev.wharf.tokens;

import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;

/**
 * No such token, or (for a user's own revoke) not that user's token: the two look the same, so that
 * token ids of other users cannot be probed.
 */
public final class TokenNotFoundException extends WharfException {
    public TokenNotFoundException() {
        super(Refusal.NOT_FOUND, "No such API token.");
    }
}
