package dev.wharf.upload;

/** One non-file field of the upload form, in arrival order. */
public record FormField(String name, String value) {}
