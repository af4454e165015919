package dev.wharf.projects;

/** A user with a role on a project. */
public record Collaborator(long userId, String username, Role role) {
    public boolean owner() {
        return role == Role.OWNER;
    }
}
