/**
 * The indexes an administrator defines beside the hosted projects: a <em>mirror</em> (a caching view
 * of an upstream simple index, with an optional cooldown) and a <em>virtual</em> index (members
 * served as one, with dependency-confusion protection). Definitions, their validation and their
 * table; the proxy engine that serves them is {@code dev.wharf.mirror}.
 */
package dev.wharf.indexes;
