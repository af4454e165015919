package dev.wharf.distributions;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks the RFC 822 style address lists of Author-email and Maintainer-email, e.g.
 * {@code Jane Doe <jane@example.org>, "Smith, Bob" <bob@example.org>, ops@example.org}.
 *
 * <p>pypi.org runs the {@code email-validator} package on the address; this is a smaller check of
 * our own with that package's wording for the common failures: one {@code @}, a non-empty local
 * part of permitted characters without stray dots, and a domain of dot-separated labels with at
 * least one dot. Deliberately not checked: quoted local parts, IP-literal domains,
 * deliverability. Unlike pypi.org (which looks only at the first address) every address in the
 * list is checked.
 */
final class EmailAddressList {
    /** An address that failed, and why (the reason ends with a period, as email-validator's do). */
    record Problem(String address, String reason) {}

    private static final String LOCAL_SPECIALS = "!#$%&'*+-/=?^_`{|}~.";

    private EmailAddressList() {}

    static List<Problem> check(String field) {
        List<Problem> problems = new ArrayList<>();
        for (String address : addresses(field)) {
            reason(address).ifPresent(r -> problems.add(new Problem(address, r)));
        }
        return problems;
    }

    /** Splits on commas outside quotes and angle brackets; takes the part in angle brackets. */
    static List<String> addresses(String field) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        boolean angled = false;
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '"' && !angled) {
                quoted = !quoted;
            } else if (c == '<' && !quoted) {
                angled = true;
            } else if (c == '>' && !quoted) {
                angled = false;
            } else if (c == ',' && !quoted && !angled) {
                addAddress(out, current.toString());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        addAddress(out, current.toString());
        return out;
    }

    private static void addAddress(List<String> out, String entry) {
        String trimmed = entry.strip();
        int open = trimmed.lastIndexOf('<');
        int close = trimmed.lastIndexOf('>');
        if (open >= 0 && close > open) {
            trimmed = trimmed.substring(open + 1, close).strip();
        }
        if (!trimmed.isEmpty()) {
            out.add(trimmed);
        }
    }

    static Optional<String> reason(String address) {
        int at = address.lastIndexOf('@');
        if (at < 0) {
            return Optional.of("An email address must have an @-sign.");
        }
        String local = address.substring(0, at);
        String domain = address.substring(at + 1);
        if (local.isEmpty()) {
            return Optional.of("There must be something before the @-sign.");
        }
        if (domain.isEmpty()) {
            return Optional.of("There must be something after the @-sign.");
        }
        String badLocal = local.codePoints()
                .filter(cp -> cp < 128 && !Character.isLetterOrDigit(cp) && LOCAL_SPECIALS.indexOf(cp) < 0)
                .distinct()
                .mapToObj(EmailAddressList::describe)
                .reduce((a, b) -> a + ", " + b)
                .orElse(null);
        if (badLocal != null) {
            return Optional.of("The email address contains invalid characters before the @-sign: " + badLocal + ".");
        }
        if (local.startsWith(".")) {
            return Optional.of("An email address cannot start with a period.");
        }
        if (local.endsWith(".")) {
            return Optional.of("An email address cannot have a period immediately before the @-sign.");
        }
        if (local.contains("..") || domain.contains("..")) {
            return Optional.of("An email address cannot have two periods in a row.");
        }
        if (domain.startsWith(".")) {
            return Optional.of("An email address cannot have a period immediately after the @-sign.");
        }
        if (domain.endsWith(".")) {
            return Optional.of("An email address cannot end with a period.");
        }
        boolean domainCharsOk = domain.codePoints()
                .allMatch(cp -> cp >= 128 || Character.isLetterOrDigit(cp) || cp == '-' || cp == '.');
        if (!domainCharsOk) {
            return Optional.of("The part after the @-sign contains invalid characters.");
        }
        for (String label : domain.split("\\.")) {
            if (label.startsWith("-") || label.endsWith("-")) {
                return Optional.of("An email address cannot have a hyphen immediately before or after a period.");
            }
        }
        if (!domain.contains(".")) {
            return Optional.of("The part after the @-sign is not valid. It should have a period.");
        }
        return Optional.empty();
    }

    private static String describe(int cp) {
        return switch (cp) {
            case ' ' -> "SPACE";
            case '\t' -> "TAB";
            default -> cp < 32 || cp == 127 ? String.format("U+%04X", cp) : PythonRepr.of(Character.toString(cp));
        };
    }
}
