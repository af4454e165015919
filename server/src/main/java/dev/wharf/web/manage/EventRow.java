package dev.wharf.web.manage;

/** One line of a security history: when (UTC), what, by whom, with which token, and the details as recorded. */
public record EventRow(String when, String kind, String actor, String token, String detail) {
}
