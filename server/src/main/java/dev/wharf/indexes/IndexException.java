package dev.wharf.indexes;

import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;

/** An index definition or change refused: an unknown member, a name in use, a bad pattern. */
public final class IndexException extends WharfException {
    public IndexException(Refusal refusal, String message) {
        super(refusal, message);
    }

    static IndexException badRequest(String message) {
        return new IndexException(Refusal.BAD_REQUEST, message);
    }
}
