package dev.junction.api.input;

/**
 * How much a caller may send; the values come from the broker's settings ({@code junction.limits.*},
 * where their defaults are declared).
 *
 * @param endDataBytes    an end's {@code data}, and a resource's data in {@code PATCH /{resource}}, as
 *                        compact JSON in UTF-8
 * @param endSchemaBytes  an end's {@code schema}, the same way
 * @param bodyBytes       a whole request body, counted while it is read
 * @param jsonDepth       how deep objects and arrays may nest
 * @param jsonStringChars the longest string (or field name) a body may hold
 * @param jsonNumberChars the longest number a body may hold, in characters
 */
public record InputLimits(int endDataBytes, int endSchemaBytes, int bodyBytes, int jsonDepth, int jsonStringChars,
                          int jsonNumberChars) {
}
