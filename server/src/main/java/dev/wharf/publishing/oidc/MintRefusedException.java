package dev.wharf.publishing.oidc;

import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;
import java.util.Objects;

/**
 * A token exchange was refused. The mint-token route answers HTTP 422 with
 * {@code {"message": "Token request failed", "errors": [{"code": code(), "description": description()}]}},
 * exactly one error object, as pypi.org does (warehouse {@code oidc/views.py}). The exception
 * message is the description, so that it reads well wherever else it surfaces.
 *
 * <p>The factories give pypi.org's exact descriptions; keep them byte for byte, since CI logs and
 * client code match on them. They are listed in the order pypi.org checks.
 */
public final class MintRefusedException extends WharfException {
    /** The {@code message} member of every mint-token refusal body. */
    public static final String MESSAGE = "Token request failed";

    private final MintRefusal code;

    public MintRefusedException(MintRefusal code, String description) {
        super(Refusal.UNPROCESSABLE, Objects.requireNonNull(description, "description"));
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The {@code code} member, e.g. {@code invalid-token}. */
    public String code() {
        return code.code();
    }

    /** Which of the six refusals this is. */
    public MintRefusal kind() {
        return code;
    }

    /** The {@code description} member. */
    public String description() {
        return getMessage();
    }

    /** The request body is not {@code {"token": <string>}}; {@code detail} says why. */
    public static MintRefusedException invalidPayload(String detail) {
        return new MintRefusedException(MintRefusal.INVALID_PAYLOAD, detail);
    }

    /** Not a JWS, payload not a JSON object, or no string {@code iss}. */
    public static MintRefusedException malformedJwt() {
        return new MintRefusedException(MintRefusal.INVALID_PAYLOAD, "malformed JWT");
    }

    /** {@code iss} is neither built in nor added by an administrator. */
    public static MintRefusedException unknownIssuer() {
        return new MintRefusedException(MintRefusal.INVALID_PAYLOAD, "unknown trusted publishing issuer");
    }

    /** Trusted publishing is off for {@code kind} (or globally). */
    public static MintRefusedException notEnabled(IssuerKind kind) {
        return new MintRefusedException(
                MintRefusal.NOT_ENABLED, kind.service() + " trusted publishing functionality not enabled");
    }

    /** The signature or a standard claim does not verify. Says nothing more, on purpose. */
    public static MintRefusedException invalidToken() {
        return new MintRefusedException(MintRefusal.INVALID_TOKEN, "malformed or invalid token");
    }

    /** A pending publisher matched, but its project already exists. */
    public static MintRefusedException projectAlreadyExists() {
        return new MintRefusedException(
                MintRefusal.INVALID_PENDING_PUBLISHER, "valid token, but project already exists");
    }

    /** No publisher matches; {@code reason} is one of pypi.org's reason strings. */
    public static MintRefusedException noPublisher(String reason) {
        return new MintRefusedException(
                MintRefusal.INVALID_PUBLISHER, "valid token, but no corresponding publisher (" + reason + ")");
    }

    /** The token's {@code jti} was used before (seen while matching, or lost the race to claim it). */
    public static MintRefusedException alreadyUsed() {
        return new MintRefusedException(MintRefusal.INVALID_REUSE_TOKEN, "invalid token: already used");
    }
}
