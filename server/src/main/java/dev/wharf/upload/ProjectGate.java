package dev.wharf.upload;

import dev.wharf.distributions.ProjectName;
import dev.wharf.distributions.StdlibModules;
import dev.wharf.errors.Refusal;
import dev.wharf.projects.Project;
import dev.wharf.projects.ProjectRepository;
import dev.wharf.projects.Role;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Who may upload to which project, and which new projects may be created (pypi.org's token scopes,
 * roles and project-name rules). Messages are pypi.org's, with help links to this index.
 */
final class ProjectGate {
    private final ProjectRepository projects;
    private final PublisherLinks publishers;
    private final String helpUrl;

    ProjectGate(ProjectRepository projects, PublisherLinks publishers, String helpUrl) {
        this.projects = projects;
        this.publishers = publishers;
        this.helpUrl = helpUrl;
    }

    String helpUrl() {
        return helpUrl;
    }

    void checkMayUpload(Handle handle, Project project, Uploader uploader) {
        checkTokenScope(project.normalizedName(), project.name(), uploader);
        if (uploader.isPublisher()) {
            if (!publishers.linked(handle, uploader.publisherId().orElseThrow(), project.id())) {
                // pypi.org: "OIDC scoped token is not valid for project '<name>'"
                throw new UploadRejectedException(
                        Refusal.FORBIDDEN,
                        "Invalid API Token: OIDC scoped token is not valid for " + "project '" + project.name()
                                + "': the trusted publisher is no longer attached to it.");
            }
        } else if (projects.roleOf(handle, project.id(), uploader.userId().orElseThrow())
                .isEmpty()) {
            throw new UploadRejectedException(
                    Refusal.FORBIDDEN,
                    "The user '" + uploader.name()
                            + "' isn't allowed to upload to project '" + project.name() + "'. See " + helpUrl
                            + "#project-name for more information.");
        }
        // PEP 792: archived and quarantined projects must not accept uploads.
        if (!project.status().equals("active") && !project.status().equals("deprecated")) {
            throw new UploadRejectedException(
                    Refusal.FORBIDDEN,
                    "Project '" + project.name() + "' is " + project.status() + " and does not accept uploads.");
        }
    }

    void checkMayCreate(Handle handle, ProjectName name, Uploader uploader) {
        if (uploader.isPublisher()) {
            // pypi.org's exact text for a publisher's token that names a project not yet created.
            throw UploadRejectedException.badRequest(
                    "Non-user identities cannot create new projects. This was probably "
                            + "caused by successfully using a pending publisher but specifying the project name incorrectly (either "
                            + "in the publisher or in your project's metadata). Please ensure that both match. See: "
                            + helpUrl + "#trusted-publishers");
        }
        // A project-scoped token names existing projects only, so it can never create one.
        checkTokenScope(name.normalized(), name.display(), uploader);
        if (StdlibModules.conflicts(name)) {
            throw UploadRejectedException.badRequest("The name '" + name.display() + "' isn't allowed (conflict with "
                    + "Python Standard Library module name). See " + helpUrl + "#project-name for more information.");
        }
        // The project itself, created by a concurrent upload since this one looked, is not "similar":
        // the upload joins it (createOrJoin) with the permission checks of any upload.
        if (projects.ultranormalizedTaken(handle, name.ultranormalized())
                && projects.findProject(handle, name.normalized()).isEmpty()) {
            throw UploadRejectedException.badRequest("The name '" + name.display() + "' is too similar to an existing "
                    + "project. See " + helpUrl + "#project-name for more information.");
        }
    }

    /**
     * Creates the project with the uploader as its owner, or joins it when a concurrent upload
     * created the same name first. Parallel CI jobs publishing the first versions of a new project
     * race here: on PostgreSQL the loser's INSERT waits for the winner's commit and then fails, and
     * a similarity check run after that commit finds the winner's row. Both cases go back to a
     * savepoint and continue as an upload to the existing project, with its permission checks; only
     * a different project holding the name is a 409. (On SQLite writes are serial and never race.)
     */
    Project createOrJoin(Handle handle, ProjectName name, Uploader uploader, Instant now) {
        String savepoint = "create_project";
        handle.savepoint(savepoint);
        try {
            checkMayCreate(handle, name, uploader);
            Project project =
                    projects.insertProject(handle, name.display(), name.normalized(), name.ultranormalized(), now);
            projects.addRole(handle, project.id(), uploader.userId().orElseThrow(), Role.OWNER);
            handle.releaseSavepoint(savepoint);
            return project;
        } catch (RuntimeException refusedOrRaced) {
            handle.rollbackToSavepoint(savepoint);
            Optional<Project> raced = projects.findProject(handle, name.normalized());
            if (raced.isEmpty()) {
                if (refusedOrRaced instanceof UploadRejectedException refused) {
                    throw refused;
                }
                throw new UploadRejectedException(
                        Refusal.CONFLICT,
                        "The name '" + name.display() + "' conflicts with an existing project. See " + helpUrl
                                + "#project-name for more information.");
            }
            checkMayUpload(handle, raced.get(), uploader);
            return raced.get();
        }
    }

    private void checkTokenScope(String normalized, String display, Uploader uploader) {
        if (uploader.tokenProjects().isPresent()
                && !uploader.tokenProjects().get().contains(normalized)) {
            throw new UploadRejectedException(
                    Refusal.FORBIDDEN,
                    "The given token isn't allowed to upload to project '" + display + "'. See " + helpUrl
                            + "#project-name for more information.");
        }
    }
}
