package dev.wharf.publishing;

import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;

/**
 * A pending publisher matched, but its project could not be created (pypi.org's {@code create_project}: the
 * name is now invalid, the standard library's, taken or too similar). pypi.org answers the
 * exchange with 422 {@code invalid-payload} and this message as the description.
 */
public final class ProjectCreationRefusedException extends WharfException {
    public ProjectCreationRefusedException(Refusal refusal, String message) {
        super(refusal, message);
    }
}
