package dev.wharf.web.manage;

/** One choice of the issuer select of a publisher form. */
public record IssuerOption(String url, String label) {}
