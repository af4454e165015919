package dev.wharf.errors;

/**
 * Why a request was refused, independent of transport. {@code dev.wharf.app.ErrorMapping} is the
 * only place that turns these into HTTP status codes.
 */
public enum Refusal {
    /** The request is malformed or violates a rule (HTTP 400). */
    BAD_REQUEST,
    /** No acceptable credential, or the credential may not do this (HTTP 403, as pypi.org). */
    FORBIDDEN,
    /** The thing asked for does not exist (HTTP 404). */
    NOT_FOUND,
    /** The method is not one this URL answers (HTTP 405, with the methods it does answer). */
    METHOD_NOT_ALLOWED,
    /** A concurrent change won (HTTP 409). */
    CONFLICT,
    /** A feature pypi.org has retired (HTTP 410). */
    GONE,
    /** The body exceeds a configured limit before it could be read (HTTP 413). */
    TOO_LARGE,
    /** Well-formed but semantically refused, e.g. a failed token exchange (HTTP 422). */
    UNPROCESSABLE,
    /** Too many attempts (HTTP 429). */
    RATE_LIMITED,
    /**
     * Not the client's fault: the server has no space left to store what it was sent (HTTP 507).
     * A client may retry later; the administrator is told in the log.
     */
    INSUFFICIENT_STORAGE,
    /** An upstream index a mirror depends on failed or answered something unusable (HTTP 502). */
    UPSTREAM_FAILED,
    /** An upstream index a mirror depends on did not answer in time (HTTP 504). */
    UPSTREAM_TIMEOUT
}
