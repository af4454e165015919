/**
 * The distributions domain: what a Python distribution is called and what is inside it, with no
 * storage and no HTTP. Names ({@link dev.wharf.distributions.ProjectName}: PEP 508 validity,
 * PEP 503 normalization, pypi.org's "too similar" ultranormal form, the standard-library
 * conflict check in {@link dev.wharf.distributions.StdlibModules}); versions
 * ({@link dev.wharf.distributions.Version}: PEP 440 parsing, normalization, canonical form and
 * ordering); filenames ({@link dev.wharf.distributions.WheelFilename} per the
 * binary-distribution-format spec, {@link dev.wharf.distributions.SdistFilename} per PEP 625,
 * and pypi.org's platform-tag allow list in {@link dev.wharf.distributions.PlatformTags});
 * core metadata (METADATA / PKG-INFO parsing; the same fields read by {@link
 * dev.wharf.distributions.FormMetadata} from an upload's text fields, given by name, once
 * {@code dev.wharf.upload} has taken them off the request into its upload form; and the rules
 * pypi.org applies to it); and archive
 * readers that open uploaded wheels and sdists with hard limits on sizes, counts and compression
 * ratio. Every type here parses untrusted input once, at the edge, into a validated value, and
 * refuses bad input with a {@link dev.wharf.errors.WharfException} subclass whose message is fit
 * to show to the uploader.
 */
package dev.wharf.distributions;
