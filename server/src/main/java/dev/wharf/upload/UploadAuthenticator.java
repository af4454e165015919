package dev.wharf.upload;

import dev.wharf.accounts.User;
import dev.wharf.accounts.UserService;
import dev.wharf.errors.Refusal;
import dev.wharf.tokens.PublisherTokenIdentity;
import dev.wharf.tokens.TokenBearer;
import dev.wharf.tokens.TokenIdentity;
import dev.wharf.tokens.TokenRefusedException;
import dev.wharf.tokens.TokenService;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * Turns the Authorization header of an upload into an {@link Uploader}: HTTP Basic with user
 * {@code __token__} and an API token, or {@code Bearer}/{@code token} schemes, which pypi.org also
 * accepts. Passwords are refused with pypi.org's message, and every failure is a 403 that says how
 * to authenticate without echoing what was sent.
 */
public final class UploadAuthenticator {
    static final int MAX_HEADER = 8 * 1024;
    private final TokenService tokens;
    private final UserService users;
    private final String helpUrl;

    public UploadAuthenticator(TokenService tokens, UserService users, String helpUrl) {
        this.tokens = tokens;
        this.users = users;
        this.helpUrl = helpUrl;
    }

    public Uploader authenticate(String authorization) {
        if (authorization == null || authorization.isBlank() || authorization.length() > MAX_HEADER) {
            throw invalid();
        }
        String[] parts = authorization.trim().split("\\s+", 2);
        if (parts.length != 2) {
            throw invalid();
        }
        String scheme = parts[0].toLowerCase(Locale.ROOT);
        String secret = switch (scheme) {
            case "basic" -> fromBasic(parts[1]);
            case "bearer", "token" -> parts[1];
            default -> throw invalid();
        };
        TokenBearer identity;
        try {
            identity = tokens.authenticate(secret);
        } catch (TokenRefusedException refused) {
            // Same words, but with this index's absolute help link, like every other upload refusal.
            if (refused.reason() == TokenRefusedException.Reason.INVALID) {
                throw invalid();
            }
            throw refused;
        }
        return switch (identity) {
            case TokenIdentity token -> {
                User user = users.find(token.userId()).orElseThrow(this::invalid);
                yield Uploader.user(user.id(), user.username(), token.tokenId(), token.projects());
            }
            case PublisherTokenIdentity token ->
                Uploader.publisher(
                        token.publisherId(),
                        token.tokenId(),
                        token.projects().orElse(java.util.Set.of()),
                        token.claims());
        };
    }

    private String fromBasic(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw invalid();
        }
        if (!decoded.substring(0, colon).equals("__token__")) {
            throw new UploadRejectedException(
                    Refusal.FORBIDDEN,
                    "Username/Password authentication is no longer "
                            + "supported. Migrate to API Tokens or Trusted Publishers instead. See " + helpUrl
                            + "#apitoken and " + helpUrl + "#trusted-publishers");
        }
        return decoded.substring(colon + 1);
    }

    private UploadRejectedException invalid() {
        return new UploadRejectedException(
                Refusal.FORBIDDEN,
                "Invalid or non-existent authentication information. " + "See " + helpUrl
                        + "#invalid-auth for more information.");
    }
}
