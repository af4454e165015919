/**
 * Every index at {@code /i/NAME/}: the hosted projects ({@code hosted}), mirrors and virtual indexes,
 * each with its simple API, files and JSON API. {@link dev.wharf.index.named.IndexSources} decides
 * what a project is in an index (including the dependency-confusion and cooldown rules);
 * {@link dev.wharf.index.named.NamedIndexPages} renders and caches its pages.
 */
package dev.wharf.index.named;
