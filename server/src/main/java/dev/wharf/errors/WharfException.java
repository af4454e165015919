package dev.wharf.errors;

/**
 * The one unchecked exception root of Wharf. Every refusal a client can cause is a subclass
 * named for what failed, carrying a {@link Refusal} kind; the HTTP layer maps kinds to status
 * codes in one place ({@code dev.wharf.app.ErrorMapping}), so domain code never imports HTTP.
 *
 * <p>The message is shown to the client verbatim (pypi.org puts it in the reason phrase and the
 * body), so it must be written for a person and must never contain a secret.
 */
public class WharfException extends RuntimeException {
    private final Refusal refusal;

    public WharfException(Refusal refusal, String message) {
        super(message);
        this.refusal = refusal;
    }

    public WharfException(Refusal refusal, String message, Throwable cause) {
        super(message, cause);
        this.refusal = refusal;
    }

    public Refusal refusal() {
        return refusal;
    }
}
