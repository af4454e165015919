package dev.wharf.config;

import dev.wharf.errors.Refusal;
import dev.wharf.errors.WharfException;

/** A configuration value is missing, malformed or contradicts another; the message names the key. */
public final class ConfigException extends WharfException {
    public ConfigException(String message) {
        super(Refusal.BAD_REQUEST, message);
    }
}
