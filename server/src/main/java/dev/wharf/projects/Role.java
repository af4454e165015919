package dev.wharf.projects;

/** A user's role on a project. Owners and maintainers may upload; only owners manage the project. */
public enum Role {
    OWNER("Owner"),
    MAINTAINER("Maintainer");

    private final String label;

    Role(String label) {
        this.label = label;
    }

    /** The spelling stored in the database and shown in the JSON API ({@code ownership.roles}). */
    public String label() {
        return label;
    }

    public static Role fromLabel(String label) {
        for (Role role : values()) {
            if (role.label.equals(label)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role " + label);
    }

    /** Parses a role as a person types it ({@code owner}, {@code Maintainer}, ...). */
    public static Role parse(String text) {
        for (Role role : values()) {
            if (role.label.equalsIgnoreCase(text.trim())) {
                return role;
            }
        }
        throw new dev.wharf.errors.WharfException(
                dev.wharf.errors.Refusal.BAD_REQUEST, "Unknown role '" + text + "'; use Owner or Maintainer");
    }
}
