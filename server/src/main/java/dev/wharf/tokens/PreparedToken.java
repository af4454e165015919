package dev.wharf.tokens;

import java.util.Objects;

/**
 * A publisher token signed but not yet stored ({@link TokenService#prepareForPublisher}); it becomes
 * usable once {@link TokenService#store} has committed its row.
 */
public final class PreparedToken {
    private final StoredToken row;
    private final MintedToken minted;

    PreparedToken(StoredToken row, MintedToken minted) {
        this.row = Objects.requireNonNull(row, "row");
        this.minted = Objects.requireNonNull(minted, "minted");
    }

    StoredToken row() {
        return row;
    }

    /** The token as the caller receives it once {@link TokenService#store} has committed. */
    public MintedToken minted() {
        return minted;
    }

    /** The token's id, for the events that name it before it is stored. */
    public String id() {
        return minted.id();
    }

    /** Leaves the secret out. */
    @Override
    public String toString() {
        return "PreparedToken[id=" + minted.id() + "]";
    }
}
