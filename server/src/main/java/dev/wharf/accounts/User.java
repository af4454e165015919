package dev.wharf.accounts;

import java.time.Instant;

/** A person with an account. The password hash never leaves {@link UserRepository}. */
public record User(long id, String username, String email, boolean admin, Instant createdAt) {}
