/**
 * The exception root shared by every domain: {@link dev.wharf.errors.WharfException} and the
 * transport-neutral {@link dev.wharf.errors.Refusal} kinds that the HTTP layer maps to status
 * codes in a single place.
 */
package dev.wharf.errors;
