/**
 * What the HTTP endpoints share about reading request bodies, independent of the web framework.
 */
package dev.wharf.http;
