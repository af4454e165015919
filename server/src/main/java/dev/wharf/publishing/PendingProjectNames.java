package dev.wharf.publishing;

import dev.wharf.distributions.ProjectName;
import dev.wharf.distributions.StdlibModules;
import dev.wharf.errors.Refusal;
import dev.wharf.projects.ProjectRepository;
import org.jdbi.v3.core.Handle;

/**
 * pypi.org's project-name checks for pending publishers ({@code check_project_name}), which run twice: when
 * the pending publisher is registered (the form's messages) and when the first exchange creates
 * the project ({@code create_project}'s messages, which the exchange returns as
 * {@code invalid-payload}). A pending publisher reserves nothing; the second check is what counts.
 */
final class PendingProjectNames {
    private static final ProjectRepository PROJECTS = new ProjectRepository();

    private PendingProjectNames() {}

    /** The registration form's checks and messages. */
    static ProjectName checkForRegistration(Handle handle, String raw) {
        if (raw == null || !ProjectName.isValid(raw.strip())) {
            throw new PublisherRegistrationException("Invalid project name");
        }
        ProjectName name = ProjectName.of(raw.strip());
        if (StdlibModules.conflicts(name)) {
            throw new PublisherRegistrationException(
                    "This project name isn't allowed (conflict with the Python standard library module name)");
        }
        if (PROJECTS.findProject(handle, name.normalized()).isPresent()) {
            throw new PublisherRegistrationException(Refusal.CONFLICT, "This project already exists.");
        }
        if (PROJECTS.ultranormalizedTaken(handle, name.ultranormalized())) {
            throw new PublisherRegistrationException("This project name is too similar to an existing project");
        }
        return name;
    }

    /** {@code create_project}'s checks and messages, with {@code help} as the link. */
    static ProjectName checkForCreation(Handle handle, String raw, String help) {
        if (!ProjectName.isValid(raw)) {
            throw new ProjectCreationRefusedException(Refusal.BAD_REQUEST, "The name " + Repr.of(raw) + " is invalid.");
        }
        ProjectName name = ProjectName.of(raw);
        String quoted = Repr.of(name.display());
        if (StdlibModules.conflicts(name)) {
            throw new ProjectCreationRefusedException(
                    Refusal.BAD_REQUEST,
                    "The name " + quoted + " isn't allowed "
                            + "(conflict with Python Standard Library module name). See " + help
                            + " for more information.");
        }
        if (PROJECTS.findProject(handle, name.normalized()).isPresent()) {
            throw new ProjectCreationRefusedException(
                    Refusal.CONFLICT,
                    "The name " + quoted + " conflicts with an existing project. See " + help
                            + " for more information.");
        }
        if (PROJECTS.ultranormalizedTaken(handle, name.ultranormalized())) {
            throw new ProjectCreationRefusedException(
                    Refusal.BAD_REQUEST,
                    "The name " + quoted + " is too similar to an existing project. See " + help
                            + " for more information.");
        }
        return name;
    }
}
