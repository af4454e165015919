/**
 * Typed configuration: defaults, then a TOML file, then {@code WHARF_*} environment variables,
 * then command-line flags, validated once into an immutable {@link dev.wharf.config.WharfConfig}.
 */
package dev.wharf.config;
