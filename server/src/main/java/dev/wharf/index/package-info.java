/**
 * The read side of the index: the simple API ({@code simple}), the legacy JSON API ({@code json})
 * and the URLs they share.
 */
package dev.wharf.index;
