package dev.wharf.web.manage;

import java.util.List;

/** A release on the releases page, newest first, with its files. */
public record ReleaseRow(String version, boolean yanked, String yankedReason, List<String> files) {}
