package dev.junction.api.pipe;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;

/**
 * One end of a pipe. {@code schema} is a JSON Schema (or null), {@code data} a JSON object (or null).
 * Instances are treated as immutable: every change builds a new End.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record End(String uri, String issuer, JsonNode schema, ObjectNode data) {

    public static final End EMPTY = new End(null, null, null, null);

    public End withUri(String newUri) {
        return new End(newUri, issuer, schema, data);
    }

    public End withIssuer(String newIssuer) {
        return new End(uri, newIssuer, schema, data);
    }

    public End withData(ObjectNode newData) {
        return new End(uri, issuer, schema, newData);
    }

    /** The data, never null. */
    public ObjectNode dataOrEmpty() {
        return data == null ? JsonNodeFactory.instance.objectNode() : data;
    }

    public boolean hasData() {
        return data != null && !data.isEmpty();
    }

    /**
     * Merges a patch into this end: uri and issuer are replaced when the patch names them,
     * data is merged key by key (the patch's keys win), schemas are combined with allOf.
     */
    public End merge(End patch) {
        if (patch == null) {
            return this;
        }
        String mergedUri = patch.uri() != null ? patch.uri() : uri;
        String mergedIssuer = patch.issuer() != null ? patch.issuer() : issuer;
        JsonNode mergedSchema = Schemas.combine(schema, patch.schema());
        ObjectNode mergedData = data;
        if (patch.data() != null) {
            mergedData = dataOrEmpty().deepCopy();
            mergedData.setAll(patch.data().deepCopy());
        }
        return new End(mergedUri, mergedIssuer, mergedSchema, mergedData);
    }

    /** Equality as the reference defines it: issuer, uri, schema and data. */
    public boolean sameAs(End other) {
        return other != null
                && Objects.equals(uri, other.uri)
                && Objects.equals(issuer, other.issuer)
                && Objects.equals(schema, other.schema)
                && Objects.equals(data, other.data);
    }
}
