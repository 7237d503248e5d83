package dev.junction.query.pipe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.api.SecretCodec;
import dev.junction.api.pipe.BlueprintKind;
import dev.junction.api.pipe.End;
import dev.junction.api.pipe.PipeBinding;
import dev.junction.api.pipe.PipeView;
import org.bson.Document;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Date;

/**
 * A pipe view as a MongoDB document. Schemas and data are kept as JSON text: they are user documents
 * whose keys ({@code $schema}, dotted names) are not safe as BSON field names. Each end's data is
 * sealed with the {@link SecretCodec}: it often holds credentials.
 */
final class PipeViewCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretCodec secrets;

    PipeViewCodec(SecretCodec secrets) {
        this.secrets = secrets;
    }

    Document toDocument(PipeView view) {
        Document doc = new Document("_id", view.key())
                .append("resource", view.resource())
                .append("pipeId", view.pipeId())
                .append("this", endDocument(view.thisEnd()))
                .append("other", endDocument(view.otherEnd()))
                .append("version", view.version())
                .append("thisVersion", view.thisVersion())
                .append("otherPeerVersion", view.otherPeerVersion())
                .append("deleted", view.deleted())
                .append("createdAt", date(view.createdAt()))
                .append("updatedAt", date(view.updatedAt()));
        if (view.propagation() != null) {
            PipeView.Propagation p = view.propagation();
            doc.append("propagation", new Document("state", p.state().name()).append("version", p.version())
                    .append("deletion", p.deletion()).append("attempts", p.attempts())
                    .append("lastError", p.lastError()).append("at", date(p.at())));
        }
        if (view.binding() != null) {
            PipeBinding b = view.binding();
            doc.append("binding", new Document("kind", b.kind().path()).append("blueprint", b.blueprint())
                    .append("proto", b.proto()).append("adapters", b.adapters()));
        }
        return doc;
    }

    PipeView fromDocument(Document doc) {
        Document b = doc.get("binding", Document.class);
        PipeBinding binding = b == null ? null : new PipeBinding(BlueprintKind.fromPath(b.getString("kind")),
                b.getString("blueprint"), b.getString("proto"), b.getList("adapters", String.class));
        Number peer = (Number) doc.get("otherPeerVersion");
        Document p = doc.get("propagation", Document.class);
        PipeView.Propagation propagation = p == null ? null : new PipeView.Propagation(
                PipeView.Propagation.State.valueOf(p.getString("state")), ((Number) p.get("version")).longValue(),
                p.getBoolean("deletion", false), ((Number) p.get("attempts")).intValue(), p.getString("lastError"),
                instant(p.getDate("at")));
        return new PipeView(doc.getString("resource"), doc.getString("pipeId"),
                end(doc.get("this", Document.class)), end(doc.get("other", Document.class)), binding,
                ((Number) doc.get("version")).longValue(), ((Number) doc.get("thisVersion")).longValue(),
                peer == null ? null : peer.longValue(), doc.getBoolean("deleted", false),
                instant(doc.getDate("createdAt")), instant(doc.getDate("updatedAt")), propagation);
    }

    private Document endDocument(End end) {
        Document doc = new Document();
        if (end == null) {
            return doc;
        }
        doc.append("uri", end.uri()).append("issuer", end.issuer());
        doc.append("schema", end.schema() == null ? null : end.schema().toString());
        doc.append("data", end.data() == null ? null : secrets.seal(end.data().toString()));
        return doc;
    }

    private End end(Document doc) {
        if (doc == null) {
            return End.EMPTY;
        }
        JsonNode schema = parse(doc.getString("schema"));
        JsonNode data = parse(secrets.open(doc.getString("data")));
        return new End(doc.getString("uri"), doc.getString("issuer"), schema,
                data instanceof ObjectNode o ? o : null);
    }

    private static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private static JsonNode parse(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
