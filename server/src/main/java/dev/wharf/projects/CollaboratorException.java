package dev.wharf.projects;

import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;

/** A collaborator change was refused: unknown user, no such collaborator, or the last owner would go. */
public final class CollaboratorException extends WharfException {
    CollaboratorException(Refusal refusal, String message) {
        super(refusal, message);
    }

    public static CollaboratorException lastOwner() {
        return new CollaboratorException(
                Refusal.CONFLICT, "A project must keep at least one owner: make someone else an owner first.");
    }
}
