package dev.junction.api.input;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.error.InvalidInputException;
import dev.junction.api.error.InvalidInputException.FieldError;
import dev.junction.api.error.PayloadTooLargeException;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one reader of callers' JSON: every route that takes a body parses it here, within the nesting,
 * string and number limits of {@link InputLimits}, and measures the parts whose size is bounded.
 *
 * <p>Numbers with a fraction or an exponent are refused when a double cannot carry them (they would
 * become Infinity or 0): pipe data is stored, compared and validated as doubles everywhere after
 * this point, so keeping exact decimals would have to change every reader of stored events and views.
 */
public final class BoundedJson {

    private static final int MAX_NUMBER_ERRORS = 10;

    private final InputLimits limits;
    private final ObjectMapper mapper;

    public BoundedJson(InputLimits limits) {
        this.limits = limits;
        JsonFactory factory = JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(limits.jsonDepth())
                .maxStringLength(limits.jsonStringChars())
                .maxNameLength(limits.jsonStringChars())
                .maxNumberLength(limits.jsonNumberChars())
                .maxDocumentLength(limits.bodyBytes())
                .build()).build();
        this.mapper = new ObjectMapper(factory)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS); // to tell 1e400 from Infinity
    }

    public InputLimits limits() {
        return limits;
    }

    /** The body as a tree; a 400 naming {@code body} when it is not JSON or breaks a limit of the reader. */
    public JsonNode read(String body) {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (StreamConstraintsException e) {
            throw new InvalidInputException("body", exceeded(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            // say where, never what: the text of a broken body may hold a secret, and errors are logged
            var at = e.getLocation();
            throw new InvalidInputException("body", "is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
        List<FieldError> errors = new ArrayList<>();
        root = doubles(root, "", errors);
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return root;
    }

    /** Refuses (413) a part of the body, e.g. {@code this.data}, longer than {@code limit} bytes of compact JSON. */
    public void requireAtMost(JsonNode node, String field, int limit) {
        if (node == null) {
            return;
        }
        CountingSink sink = new CountingSink(limit);
        try {
            mapper.writeValue(sink, node);
        } catch (TooLarge e) {
            throw new PayloadTooLargeException(field, limit);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String exceeded(String jackson) {
        String message = jackson == null ? "" : jackson;
        if (message.startsWith("Document nesting depth")) {
            return "nests objects and arrays deeper than " + limits.jsonDepth() + " levels";
        }
        if (message.startsWith("Number value length")) {
            return "holds a number longer than " + limits.jsonNumberChars() + " characters";
        }
        if (message.startsWith("Document length")) {
            return "is larger than the " + limits.bodyBytes() + " bytes accepted";
        }
        return "holds a string or field name longer than " + limits.jsonStringChars() + " characters";
    }

    /** Each decimal as the double the rest of the broker keeps, or an error naming it when there is none. */
    private static JsonNode doubles(JsonNode node, String path, List<FieldError> errors) {
        if (node.isBigDecimal()) {
            BigDecimal exact = node.decimalValue();
            double value = exact.doubleValue();
            if (Double.isInfinite(value) || (value == 0 && exact.signum() != 0)) {
                if (errors.size() < MAX_NUMBER_ERRORS) {
                    errors.add(new FieldError(path.isEmpty() ? "body" : path,
                            "is a number a double cannot carry (beyond ±1.8e308 or closer to 0 than 4.9e-324);"
                                    + " send it as a string"));
                }
                return node;
            }
            return DoubleNode.valueOf(value);
        }
        if (node instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                JsonNode value = field.getValue();
                JsonNode kept = doubles(value, (path.isEmpty() ? "" : path + ".") + printable(field.getKey()), errors);
                if (kept != value) {
                    field.setValue(kept);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode value = array.get(i);
                JsonNode kept = doubles(value, path + "[" + i + "]", errors);
                if (kept != value) {
                    array.set(i, kept);
                }
            }
        }
        return node;
    }

    /** A caller's field name as it may appear in an error (and so in the log): printable ASCII, at most 64 characters. */
    static String printable(String name) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(name.length(), 64); i++) {
            char c = name.charAt(i);
            if (c >= 0x20 && c < 0x7f && c != '\\') {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return name.length() > 64 ? out + "..." : out.toString();
    }

    private static final class TooLarge extends IOException {
        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // a signal to stop writing, not an error: no stack trace to fill
        }
    }

    /** Counts what the writer produces and stops it as soon as it passes the limit. */
    private static final class CountingSink extends OutputStream {
        private final long limit;
        private long count;

        CountingSink(long limit) {
            this.limit = limit;
        }

        @Override
        public void write(int b) throws IOException {
            add(1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            add(len);
        }

        private void add(int n) throws IOException {
            count += n;
            if (count > limit) {
                throw new TooLarge();
            }
        }
    }
}
