package dev.junction.command.schema;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;

/**
 * Every regular expression of a user schema ({@code pattern}, {@code patternProperties}, {@code format:
 * regex}) runs on RE2/J, whose matching time is linear in the text, instead of the JDK's backtracking
 * engine, where {@code ^(.*a){12}$} takes minutes on 41 characters.
 *
 * <p>Schemas are written in ECMA-262 syntax: {@code \\uXXXX}, {@code \\u{X}}, {@code \\cX}, {@code \\0},
 * {@code \\s} and {@code .} (which exclude Unicode line terminators) and {@code \\p{Script=X}} are
 * rewritten to RE2's equivalents; what RE2 cannot run (backreferences, lookaround) or reads differently
 * is refused, and the rest (ASCII {@code \\d \\w \\b}) means the same in both (docs/resources.md).
 */
final class Re2Patterns implements RegularExpressionFactory {

    /** ECMA-262's WhiteSpace and LineTerminator, which its {@code \\s} matches and RE2's ASCII one does not. */
    private static final String SPACES = "\\t\\n\\x{0B}\\f\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}"
            + "\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}";
    private static final String ANY_BUT_LINE_END = "[^\\n\\r\\x{2028}\\x{2029}]";
    private static final String ANY = "\\x{0}-\\x{10FFFF}";
    private static final String KNOWN_ESCAPES = "dDwWbBtnrfvx0123456789";

    private final int maxLength;

    Re2Patterns(int maxLength) {
        this.maxLength = maxLength;
    }

    @Override
    public RegularExpression getRegularExpression(String ecma) {
        Pattern pattern = compile(ecma);
        return text -> pattern.matcher(text).find(); // JSON Schema's patterns are not anchored
    }

    /** Compiles an ECMA-262 pattern for RE2, or says in a short, safe message why it cannot. */
    Pattern compile(String ecma) {
        if (ecma.length() > maxLength) {
            throw new UnusableSchemaException("the pattern " + UnusableSchemaException.quote(ecma) + " is longer than "
                    + maxLength + " characters");
        }
        String re2 = translate(ecma);
        if (RegexSize.estimate(re2, maxLength) > maxLength) {
            throw new UnusableSchemaException("the pattern " + UnusableSchemaException.quote(ecma)
                    + " repeats to more than " + maxLength + " characters");
        }
        try {
            return Pattern.compile(re2);
        } catch (PatternSyntaxException e) {
            throw new UnusableSchemaException("the pattern " + UnusableSchemaException.quote(ecma)
                    + " cannot be run in linear time (" + e.getDescription() + ")");
        }
    }

    private static String translate(String ecma) {
        StringBuilder out = new StringBuilder(ecma.length() + 16);
        boolean inClass = false;
        for (int i = 0; i < ecma.length(); i++) {
            char c = ecma.charAt(i);
            if (c == '\\' && i + 1 < ecma.length()) {
                i = escape(ecma, i + 1, inClass, out);
            } else if (c == '[' && !inClass) {
                inClass = true;
                boolean negated = ecma.startsWith("^", i + 1);
                int afterOpen = i + (negated ? 2 : 1);
                if (ecma.startsWith("]", afterOpen)) { // ECMA's [] and [^]: RE2 would read ] as a member
                    out.append(negated ? "[" + ANY + "]" : "[^" + ANY + "]");
                    inClass = false;
                    i = afterOpen;
                } else {
                    out.append(negated ? "[^" : "[");
                    i = afterOpen - 1;
                }
            } else if (c == '[') {
                out.append("\\["); // literal in ECMA, the start of [:alpha:] in RE2
            } else if (c == ']' && inClass) {
                inClass = false;
                out.append(c);
            } else if (c == '.' && !inClass) {
                out.append(ANY_BUT_LINE_END);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Translates the escape whose letter is at {@code at}; answers the index of its last character. */
    private static int escape(String ecma, int at, boolean inClass, StringBuilder out) {
        char c = ecma.charAt(at);
        switch (c) {
            case 'u' -> {
                if (ecma.startsWith("{", at + 1) && ecma.indexOf('}', at) > 0) {
                    int end = ecma.indexOf('}', at);
                    out.append("\\x").append(ecma, at + 1, end + 1);
                    return end;
                }
                if (at + 5 <= ecma.length() && ecma.substring(at + 1, at + 5).matches("[0-9A-Fa-f]{4}")) {
                    out.append("\\x{").append(ecma, at + 1, at + 5).append('}');
                    return at + 4;
                }
                throw new UnusableSchemaException("the pattern " + UnusableSchemaException.quote(ecma)
                        + " has an invalid \\u escape");
            }
            case 'c' -> {
                if (at + 1 < ecma.length() && Character.isLetter(ecma.charAt(at + 1)) && ecma.charAt(at + 1) < 128) {
                    out.append(String.format("\\x{%X}", ecma.charAt(at + 1) % 32));
                    return at + 1;
                }
                out.append("\\\\c"); // ECMA reads a lone \c as the two characters
                return at;
            }
            case 's' -> out.append(inClass ? SPACES : "[" + SPACES + "]");
            case 'S' -> out.append(inClass ? "\\S" : "[^" + SPACES + "]");
            case 'p', 'P' -> {
                int end = ecma.indexOf('}', at);
                if (!ecma.startsWith("{", at + 1) || end < 0) {
                    out.append('\\').append(c);
                    return at;
                }
                String name = ecma.substring(at + 2, end).replaceFirst("^(Script|sc|General_Category|gc)=", "");
                out.append('\\').append(c).append('{').append(name).append('}');
                return end;
            }
            case '0' -> {
                if (at + 1 < ecma.length() && Character.isDigit(ecma.charAt(at + 1))) {
                    out.append("\\0"); // an octal escape ECMA refuses; RE2 refuses it too
                } else {
                    out.append("\\x{0}");
                }
            }
            default -> {
                if (Character.isLetterOrDigit(c) && KNOWN_ESCAPES.indexOf(c) < 0) {
                    // \Q, \z, \A, \k... mean something else (or nothing) in one of the two languages
                    throw new UnusableSchemaException("the pattern " + UnusableSchemaException.quote(ecma)
                            + " uses the escape \\" + c + ", which is not supported");
                }
                out.append('\\').append(c);
            }
        }
        return at;
    }
}
