package dev.junction.command.schema;

/** Validators with the broker's default limits, for tests that do not test the limits themselves. */
public final class TestSchemaValidators {

    public static final SchemaLimits LIMITS = new SchemaLimits(1_000, 64, 1_000, 8L << 20);

    private TestSchemaValidators() {
    }

    public static SchemaValidator validator() {
        return new SchemaValidator(LIMITS);
    }
}
