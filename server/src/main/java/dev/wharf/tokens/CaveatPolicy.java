package dev.wharf.tokens;

import com.github.nitram509.jmacaroons.GeneralCaveatVerifier;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Judges each first-party caveat of one token, for one authentication, as jmacaroons' general
 * verifier: a caveat holds only if it decodes to a caveat Wharf knows and its condition is met, so an
 * unknown or malformed caveat fails the token (fail closed).
 *
 * <p>Project caveats cannot be judged here, because authentication happens before the upload names
 * its project: they always hold here, and their names are intersected into {@link #projects()}, which
 * {@link TokenService#checkProject} checks later. Every caveat narrows, none widens, so the
 * intersection is exactly what all of them allow together.
 *
 * <p>One instance per authentication; not thread-safe. The first failure is kept as the reason.
 */
final class CaveatPolicy implements GeneralCaveatVerifier {
    private final long nowSeconds;
    private final OptionalLong userId;
    private final OptionalLong publisherId;
    private Set<String> projects;
    private TokenRefusedException failure;

    CaveatPolicy(Instant now, OptionalLong userId, OptionalLong publisherId) {
        this.nowSeconds = now.getEpochSecond();
        this.userId = userId;
        this.publisherId = publisherId;
    }

    @Override
    public boolean verifyCaveat(String text) {
        Caveat caveat;
        try {
            caveat = CaveatCodec.decode(text);
        } catch (CaveatFormatException e) {
            return fail(TokenRefusedException.unsupportedCaveat(e.getMessage()));
        }
        return switch (caveat) {
            case Caveat.Expiration expiration -> {
                // pypi.org: "now < not_before or now >= expires_at" fails; no leeway either way.
                if (nowSeconds < expiration.notBefore()) {
                    yield fail(TokenRefusedException.notYetValid());
                }
                if (nowSeconds >= expiration.expiresAt()) {
                    yield fail(TokenRefusedException.expired());
                }
                yield true;
            }
            case Caveat.ProjectNames names -> {
                Set<String> allowed = new HashSet<>(names.normalizedNames());
                if (projects == null) {
                    projects = allowed;
                } else {
                    projects.retainAll(allowed);
                }
                yield true;
            }
            case Caveat.RequestUser user -> {
                if (userId.isEmpty() || !user.userId().equals(Long.toString(userId.getAsLong()))) {
                    yield fail(TokenRefusedException.wrongUser());
                }
                yield true;
            }
            case Caveat.OidcPublisher publisher -> {
                // pypi.org: "current OIDC publisher does not match publisher restriction in token".
                if (publisherId.isEmpty() || !publisher.publisherId().equals(Long.toString(publisherId.getAsLong()))) {
                    yield fail(TokenRefusedException.wrongPublisher());
                }
                yield true;
            }
        };
    }

    /** The first caveat that failed, if any did. */
    Optional<TokenRefusedException> failure() {
        return Optional.ofNullable(failure);
    }

    /** The projects every project caveat allows; empty if the token has no project caveat. */
    Optional<Set<String>> projects() {
        return Optional.ofNullable(projects).map(Set::copyOf);
    }

    private boolean fail(TokenRefusedException reason) {
        if (failure == null) {
            failure = reason;
        }
        return false;
    }
}
