package dev.wharf.distributions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Syntax of SPDX license expressions as PEP 639 uses them in License-Expression:
 *
 * <pre>
 *   expression := and-term ('OR' and-term)*
 *   and-term   := atom ('AND' atom)*
 *   atom       := '(' expression ')' | license ('WITH' exception)?
 * </pre>
 *
 * Operators are matched case-insensitively, as packaging's canonicalizer does. Deliberately
 * <b>not</b> checked: whether an identifier is on the SPDX license or exception list; Wharf ships
 * no copy of that list, so {@code Foo-1.0} passes where pypi.org would refuse it.
 */
final class LicenseExpressionGrammar {
    private static final Pattern LICENSE = Pattern.compile("(?:DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+"
            + "|(?!(?i:LicenseRef-|DocumentRef-))[A-Za-z0-9]+(?:[.-][A-Za-z0-9]+)*\\+?");
    private static final Pattern EXCEPTION =
            Pattern.compile("(?:DocumentRef-[A-Za-z0-9.-]+:)?AdditionRef-[A-Za-z0-9.-]+"
                    + "|(?!(?i:AdditionRef-|DocumentRef-))[A-Za-z0-9]+(?:[.-][A-Za-z0-9]+)*");
    private static final Pattern TOKEN = Pattern.compile("\\(|\\)|[^\\s()]+");

    private final List<String> tokens;
    private int next;

    private LicenseExpressionGrammar(List<String> tokens) {
        this.tokens = tokens;
    }

    static boolean isValid(String expression) {
        List<String> tokens = new ArrayList<>();
        var m = TOKEN.matcher(expression);
        while (m.find()) {
            tokens.add(m.group());
        }
        if (tokens.isEmpty()) {
            return false;
        }
        var parser = new LicenseExpressionGrammar(tokens);
        return parser.expression() && parser.next == tokens.size();
    }

    private boolean expression() {
        if (!andTerm()) {
            return false;
        }
        while (operator("OR")) {
            if (!andTerm()) {
                return false;
            }
        }
        return true;
    }

    private boolean andTerm() {
        if (!atom()) {
            return false;
        }
        while (operator("AND")) {
            if (!atom()) {
                return false;
            }
        }
        return true;
    }

    private boolean atom() {
        if (next >= tokens.size()) {
            return false;
        }
        String token = tokens.get(next);
        if (token.equals("(")) {
            next++;
            if (!expression() || next >= tokens.size() || !tokens.get(next).equals(")")) {
                return false;
            }
            next++;
            return true;
        }
        if (isOperator(token) || !LICENSE.matcher(token).matches()) {
            return false;
        }
        next++;
        if (operator("WITH")) {
            if (next >= tokens.size()
                    || isOperator(tokens.get(next))
                    || !EXCEPTION.matcher(tokens.get(next)).matches()) {
                return false;
            }
            next++;
        }
        return true;
    }

    private boolean operator(String name) {
        if (next < tokens.size() && tokens.get(next).equalsIgnoreCase(name)) {
            next++;
            return true;
        }
        return false;
    }

    private static boolean isOperator(String token) {
        return switch (token.toUpperCase(Locale.ROOT)) {
            case "AND", "OR", "WITH" -> true;
            default -> false;
        };
    }
}
