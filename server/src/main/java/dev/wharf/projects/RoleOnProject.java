package dev.wharf.projects;

/** A project a user has a role on, as the account pages list them ({@code role} is its label, e.g. "Owner"). */
public record RoleOnProject(String name, String normalizedName, String role) {}
