package dev.junction.infra;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Generates hostile requests for every route, from a seed: ids with control characters, encodings, matrix
 * parameters and excess length; bodies that are broken, deep, huge or carry numbers JSON cannot hold; schemas
 * that recurse, run regular expressions away or reference files; credentials and peer tokens that are malformed
 * or carry forged log lines. Whatever a caller can inject into a log starts a line with {@link #FORGED}.
 */
final class HostileRequests {

    static final String FORGED = "FORGED";

    /** One request: the path is raw (already percent-encoded where it must be). */
    record Request(String method, String path, Map<String, String> headers, String body) {
        boolean mutating() {
            return !method.equals("GET");
        }

        @Override
        public String toString() {
            String shown = body == null ? "" : " body " + (body.length() > 200 ? body.substring(0, 200) + "…(" + body.length() + ")" : body);
            return method + " " + (path.length() > 200 ? path.substring(0, 200) + "…" : path) + " " + headers.keySet() + shown;
        }
    }

    private static final String[] RESOURCES = {"db", "backend", "frontend"};
    private static final String[] ROUTES = {
            "GET /{r}/pipes", "GET /{r}/pipes/{p}", "PATCH /{r}/pipes/{p}", "DELETE /{r}/pipes/{p}",
            "GET /{r}/pipes/{p}/history", "POST /{r}/pipes", "PATCH /{r}", "POST /{r}/{k}/{b}/bindings",
            "GET /{r}/{k}", "GET /{r}/{k}/{b}", "GET /{r}/{k}/{b}/protos", "GET /{r}/{k}/{b}/adapters/{p}",
            "POST /admin/propagations/{r}/{p}/retry", "GET /admin/propagations/failed",
            "GET /.well-known/openid-configuration", "GET /actuator/health",
            "GET /v2/catalog", "GET /v2/service_instances/{i}", "GET /v2/service_instances/{i}/last_operation?operation={o}",
            "PUT /v2/service_instances/{i}?accepts_incomplete=true", "PATCH /v2/service_instances/{i}?accepts_incomplete=true",
            "DELETE /v2/service_instances/{i}?accepts_incomplete=true&service_id={i}&plan_id={i}",
            "GET /v2/service_instances/{i}/service_bindings/{i}",
            "GET /v2/service_instances/{i}/service_bindings/{i}/last_operation",
            "PUT /v2/service_instances/{i}/service_bindings/{i}?accepts_incomplete={o}",
            "DELETE /v2/service_instances/{i}/service_bindings/{i}?accepts_incomplete=true&service_id={i}&plan_id={i}",
            "GET /b/instances", "GET /b/instances/{i}", "GET /b/catalog", "GET /b/backends",
            "GET /b/instances/{i}/tasks/{o}/log", "GET /b/instances/{i}/files", "GET /b/instances/{i}/files/{i}",
            "POST /b/instances/{i}/tasks/{o}/retry-teardown", "POST /b/instances/{i}/purge",
            "PUT /b/backends/{i}", "DELETE /b/backends/{i}"};

    private final Random random;
    private final String target;
    private final String user;
    private final String password;

    /** {@code target}: a pipe of resource {@code db} that mutations aim at (besides ids of their own). */
    HostileRequests(Random random, String target, String user, String password) {
        this.random = random;
        this.target = target;
        this.user = user;
        this.password = password;
    }

    Request next() {
        String route = pick(ROUTES);
        String method = route.substring(0, route.indexOf(' '));
        String path = route.substring(route.indexOf(' ') + 1)
                .replace("{r}", random.nextInt(4) == 0 ? hostileId() : pick(RESOURCES))
                .replace("{k}", random.nextBoolean() ? "needs" : "offers")
                .replace("{b}", random.nextInt(3) == 0 ? hostileId() : pick(new String[]{"db", "backend", "postgresqls"}))
                .replace("{p}", random.nextInt(3) == 0 ? target : hostileId())
                .replace("{i}", hostileId())
                .replace("{o}", random.nextBoolean() ? hostileId() : "task-" + random.nextInt(3));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", credentials(method, path));
        boolean osb = path.startsWith("/v2/");
        if (osb) {
            osbHeaders(headers);
        }
        String body = null;
        if (!method.equals("GET") && !method.equals("DELETE")) {
            body = osb && random.nextBoolean() ? osbBody()
                    : path.startsWith("/b/backends/") && random.nextBoolean() ? backendBody() : body();
            headers.put("Content-Type", random.nextInt(8) == 0 ? pick(new String[]{"text/plain",
                    "application/json; charset=utf-16", "application/x-www-form-urlencoded"}) : "application/json");
        }
        return new Request(method, path, headers, body);
    }

    private String credentials(String method, String path) {
        return switch (random.nextInt(12)) {
            // never this broker's own user with a wrong password: guessing it is throttled, and other tests share the broker
            case 0 -> basic(FORGED.toLowerCase() + random.nextInt(1000) + "\r\n" + FORGED + " fake entry", "x");
            case 1 -> "Basic " + garbage(random.nextInt(64));
            case 2 -> "Bearer " + token();
            case 3 -> "Bearer " + garbage(random.nextInt(2000));
            default -> basic(user, password);
        };
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A JWT-shaped token that is not signed by anyone the broker trusts, with forged lines in its claims. */
    private String token() {
        String header = pick(new String[]{"{\"alg\":\"none\"}", "{\"alg\":\"HS256\"}", "{\"alg\":\"RS256\",\"kid\":\"k\\r\\n" + FORGED + "\"}"});
        String claims = "{\"iss\":\"http://127.0.0.1:1/x\\r\\n" + FORGED + " iss\",\"sub\":\"s\",\"aud\":\"a\",\"exp\":"
                + pick(new String[]{"1", "99999999999", "1e400", "\"never\""}) + "}";
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        return url.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + url.encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + url.encodeToString(new byte[]{1, 2, 3});
    }

    private String hostileId() {
        return switch (random.nextInt(14)) {
            case 0 -> "%00";
            case 1 -> "p%0d%0a" + FORGED + "%20id";
            case 2 -> "p1;jsessionid=x";
            case 3 -> "..";
            case 4 -> "%2e%2e";
            case 5 -> "a%2Fb";
            // up to three such ids keep the request line under the HTTP server's 4,096 bytes: longer lines are
            // its to refuse (414, InputLimitsApiTest), before Junction sees them
            case 6 -> "x".repeat(201 + random.nextInt(1100));
            case 7 -> "%C3%A9t%C3%A9";
            case 8 -> "%FF%FE";
            case 9 -> "%20";
            case 10 -> "a%5Cb";
            case 11 -> "%E2%80%A8" + FORGED;
            case 12 -> "p%09" + FORGED;
            default -> "ok-" + random.nextInt(1_000_000);
        };
    }

    private String body() {
        return switch (random.nextInt(16)) {
            case 0 -> "{\"id\":\"" + jsonString(hostileIdText()) + "\",\"this\":{\"data\":{\"n\":1}}}";
            case 1 -> "{\"this\":{\"data\":{\"n\":" + pick(new String[]{"1e400", "-1e400", "1" + "0".repeat(5000), "NaN", "Infinity"}) + "}}}";
            case 2 -> "{\"this\":{\"data\":{\"s\":\"" + "y".repeat(200_000 + random.nextInt(200_000)) + "\"}}}";
            case 3 -> "[".repeat(500 + random.nextInt(20_000)) + "]".repeat(random.nextInt(10));
            case 4 -> "{\"this\":{\"data\":" + "{\"a\":".repeat(300 + random.nextInt(3000)) + "1" + "}".repeat(10) + "}}";
            case 5 -> "{\"this\":{\"schema\":" + schema() + ",\"data\":{\"s\":\"" + "a".repeat(40) + "b\"}}}";
            case 6 -> "{\"other\":{\"schema\":" + schema() + ",\"data\":{\"s\":\"x\"}}}";
            case 7 -> "{\"this\":{\"data\":{\"" + "k\\r\\n" + FORGED + " key\":1}}}";
            case 8 -> garbage(random.nextInt(300));
            case 9 -> "{\"this\":";
            case 10 -> "\"just a string\"";
            case 11 -> "{\"this\":{\"data\":[1,2,3]},\"other\":{\"uri\":17}}";
            case 12 -> "{\"this\":{\"data\":{\"a\":1}},\"this\":{\"data\":{\"a\":2}}}";
            case 13 -> "{\"proto\":\"" + jsonString(hostileIdText()) + "\",\"adapters\":[\"" + "z".repeat(5000) + "\"]}";
            case 14 -> "{\"other\":{\"data\":{\"TOKEN\":\"t\"}}}";
            default -> "{\"this\":{\"data\":{\"n\":" + random.nextInt(100) + "}}}";
        };
    }

    /** The OSB headers, mostly right: a version that may be missing or old, identities with forged lines. */
    private void osbHeaders(Map<String, String> headers) {
        switch (random.nextInt(6)) {
            case 0 -> { }
            case 1 -> headers.put("X-Broker-API-Version", pick(new String[]{"2.12", "3.0", "2.17.1", garbage(20)}));
            default -> headers.put("X-Broker-API-Version", "2.17");
        }
        if (random.nextBoolean()) {
            String json = pick(new String[]{"{\"user_id\":\"u\\r\\n" + FORGED + " user\"}", "[1]", "{\"user_id\":1}",
                    "{\"username\":\"" + "u".repeat(5000) + "\"}", "{\"user_id\":\"ok\"}"});
            headers.put("X-Broker-API-Originating-Identity", pick(new String[]{"cloudfoundry", "k8s\u0001", garbage(30)})
                    + " " + (random.nextInt(4) == 0 ? garbage(100)
                    : Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8))));
        }
        if (random.nextBoolean()) {
            headers.put("X-Broker-API-Request-Identity", random.nextBoolean() ? garbage(300) : FORGED + "\tid");
        }
    }

    /** OSB bodies: never of a service in the catalog, so that none starts a container. */
    private String osbBody() {
        return switch (random.nextInt(6)) {
            case 0 -> "{\"service_id\":\"" + jsonString(hostileIdText()) + "\",\"plan_id\":\"p\"}";
            case 1 -> "{\"service_id\":\"fuzz-none\",\"plan_id\":\"p\",\"parameters\":[1]}";
            case 2 -> "{\"service_id\":\"fuzz-none\",\"plan_id\":\"p\",\"parameters\":{\"s\":\""
                    + "y".repeat(100_000 + random.nextInt(100_000)) + "\"}}";
            case 3 -> "{\"service_id\":\"fuzz-none\",\"context\":{\"k\\r\\n" + FORGED + "\":1},\"plan_id\":7}";
            case 4 -> "{\"service_id\":17,\"parameters\":{\"n\":1e400}}";
            default -> "{\"service_id\":\"fuzz-none\",\"plan_id\":\"p\"}";
        };
    }

    /** Backend bodies, each broken in one part, so that none is registered and configured. */
    private String backendBody() {
        return switch (random.nextInt(6)) {
            case 0 -> "{\"image\":\"X" + jsonString(hostileIdText()) + "\",\"config\":{}}";
            case 1 -> "{\"image\":\"fuzz/none:dev\",\"config\":{\"k\\r\\n" + FORGED + "\":1},\"network\":\"bridge\"}";
            case 2 -> "{\"image\":\"" + "f".repeat(256 + random.nextInt(5000)) + "\"}";
            case 3 -> "{\"image\":\"fuzz/none:dev\",\"config\":{\"s\":\"" + "y".repeat(200_000 + random.nextInt(200_000)) + "\"},\"network\":\"bridge\"}";
            case 4 -> "{\"image\":\"fuzz/none:dev\",\"config\":[1],\"network\":7}";
            default -> "{\"image\":\"Fuzz/None\",\"config\":{\"n\":1e400},\"x\\r\\n" + FORGED + "\":1}";
        };
    }

    private String schema() {
        return pick(new String[]{
                "{\"$ref\":\"#\"}",
                "{\"allOf\":[{\"$ref\":\"#\"}]}",
                "{\"$defs\":{\"a\":{\"$ref\":\"#/$defs/b\"},\"b\":{\"$ref\":\"#/$defs/a\"}},\"$ref\":\"#/$defs/a\"}",
                "{\"properties\":{\"s\":{\"type\":\"string\",\"pattern\":\"^(.*a){12}$\"}}}",
                "{\"properties\":{\"s\":{\"type\":\"string\",\"pattern\":\"^(a+)+$\"}}}",
                "{\"patternProperties\":{\"^(x+x+)+y$\":{}}}",
                "{\"properties\":{\"s\":{\"format\":\"regex\"}}}",
                "{\"$ref\":\"classpath:/application.yaml\"}",
                "{\"$ref\":\"resource:/application.yaml\"}",
                "{\"$ref\":\"file:///etc/passwd\"}",
                "{\"$ref\":\"http://127.0.0.1:1/schema.json\"}",
                "{\"$id\":\"classpath:/x/\",\"$ref\":\"application.yaml\"}",
                "{\"$schema\":\"http://127.0.0.1:1/meta\"}",
                "{\"type\":" + "{\"not\":".repeat(200) + "{}" + "}".repeat(200) + "}",
                "{\"properties\":{\"s\":{\"pattern\":\"(\"}}}",
                "{\"properties\":{\"s\":{\"pattern\":\"(?<=a)b\\\\1\"}}}",
                "{\"minLength\":1e400}",
                "true"});
    }

    private String hostileIdText() {
        return pick(new String[]{"\u0000", "p\r\n" + FORGED + " body id", "x".repeat(300), "a;b", "..", "é", "\u2028" + FORGED});
    }

    private String garbage(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            int c = random.nextInt(6) == 0 ? random.nextInt(32) : 32 + random.nextInt(95);
            text.append((char) c);
        }
        return text.toString().replace("\r", "").replace("\n", ""); // header values cannot carry them at all
    }

    private static String jsonString(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c < 0x20 || c == '"' || c == '\\' || c == 0x2028) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }

    static List<String> resources() {
        return new ArrayList<>(List.of(RESOURCES));
    }
}
