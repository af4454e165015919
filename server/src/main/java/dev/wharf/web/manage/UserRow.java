package dev.wharf.web.manage;

/** A user as the administrator's list shows one. */
public record UserRow(String username, String email, boolean admin, boolean twoFactor, String created) {}
