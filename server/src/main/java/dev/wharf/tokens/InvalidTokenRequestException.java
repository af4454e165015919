package dev.wharf.tokens;

import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;

/** A request to create a token asks for something a token cannot be (bad description, scope or expiry). */
public final class InvalidTokenRequestException extends WharfException {
    public InvalidTokenRequestException(String message) {
        super(Refusal.BAD_REQUEST, message);
    }
}
