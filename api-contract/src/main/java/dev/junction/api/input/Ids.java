package dev.junction.api.input;

import dev.junction.api.error.InvalidInputException;

import java.util.regex.Pattern;

/**
 * The one rule for every id a caller names, in a path or a body: pipe ids, resource ids, blueprint names,
 * proto and adapter ids. 1 to 200 ASCII letters, digits or {@code . _ : ~ -}, starting with a letter or
 * a digit: what UUIDs, the example resources and the built-in templates ({@code auth:oidc}) use, and
 * nothing a log line, a database or a path could read as structure (no NUL, CR/LF, {@code /}, {@code ;},
 * no {@code .} or {@code ..} segment).
 */
public final class Ids {

    public static final int MAX_LENGTH = 200;

    /** What a refusal says; it never repeats the refused value, which may hold anything. */
    public static final String RULE = "must be 1 to " + MAX_LENGTH
            + " ASCII letters, digits or . _ : ~ - and start with a letter or digit";

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:~-]*");

    private Ids() {
    }

    public static boolean valid(String id) {
        // the length first, so that no pattern ever runs over a long hostile value
        return id != null && !id.isEmpty() && id.length() <= MAX_LENGTH && ID.matcher(id).matches();
    }

    /** The id, or a 400 naming it ({@code what}, e.g. {@code pipe id}) when it breaks the rule. */
    public static String require(String what, String id) {
        if (!valid(id)) {
            throw new InvalidInputException(what, RULE);
        }
        return id;
    }
}
