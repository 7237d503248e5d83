package dev.junction.command.schema;

/**
 * How far a user's JSON Schema may go; the defaults are the broker's settings ({@code junction.schemas.*}).
 *
 * @param maxPatternLength    the longest regular expression a schema may carry, counted both as written
 *                            and with its repetitions counted out ({@code a{3}} counts 3)
 * @param maxDepth            the deepest nesting of a schema's JSON
 * @param maxApplications     how many (sub)schemas a schema may apply to one value of the data, counting
 *                            every path through {@code $ref}s and combinators
 * @param cacheBytes          the total schema text whose compiled schemas are kept
 */
public record SchemaLimits(int maxPatternLength, int maxDepth, int maxApplications, long cacheBytes) {

    public SchemaLimits {
        if (maxPatternLength <= 0 || maxDepth <= 0 || maxApplications <= 0 || cacheBytes < 0) {
            throw new IllegalArgumentException("schema limits must be positive");
        }
    }
}
