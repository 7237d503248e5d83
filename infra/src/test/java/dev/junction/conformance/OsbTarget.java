package dev.junction.conformance;

import dev.junction.infra.container.TestImages;
import dev.junction.infra.it.BrokerProcess;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The broker under test, one for the whole run. By default a Junction broker process started here with the
 * catalog {@code conformance/services.yaml} of the contract test images; with {@code -Dosb.url} (and
 * {@code osb.user}, {@code osb.password}, {@code osb.service}, {@code osb.plan}, {@code osb.async}) any OSB
 * broker, and the tests that need Junction's test plans are skipped. Closed when the whole run ends: what
 * the suite provisioned on a broker of someone else's is deprovisioned again.
 */
public final class OsbTarget implements ExtensionContext.Store.CloseableResource {

    /** The ids of the catalog {@code conformance/services.yaml}. */
    public static final String SERVICE = "conformance-svc";
    public static final String QUICK = "quick";
    public static final String SLOW = "slow";
    public static final String FAILING = "failing";
    public static final String SINGLE = "single";
    public static final String BAD_BIND = "badbind";
    public static final String FIXED_SERVICE = "conformance-fixed";
    public static final String UNBINDABLE = "unbindable";
    public static final String FIXED_OTHER = "fixed-other";

    private static final Duration CATALOG_READY = Duration.ofSeconds(90);

    private final BrokerProcess broker;
    private final OsbHttp http;
    private final String url;
    private final String user;
    private final String password;
    private final String service;
    private final String plan;
    private final boolean async;
    private final Instances instances;

    private OsbTarget(BrokerProcess broker, String url, String user, String password, String service, String plan,
                      boolean async) {
        this.broker = broker;
        this.url = url;
        this.user = user;
        this.password = password;
        this.service = service;
        this.plan = plan;
        this.async = async;
        this.http = new OsbHttp(url, user, password);
        this.instances = new Instances(this);
    }

    /** The target of this run, started on first use; every conformance class is extended with this. */
    public static final class Extension implements BeforeAllCallback {
        @Override
        public void beforeAll(ExtensionContext context) {
            current = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                    .getOrComputeIfAbsent(OsbTarget.class, k -> OsbTarget.start(), OsbTarget.class);
        }
    }

    private static volatile OsbTarget current;

    public static OsbTarget current() {
        if (current == null) {
            throw new IllegalStateException("a conformance class must be extended with OsbTarget.Extension");
        }
        return current;
    }

    static OsbTarget start() {
        String url = System.getProperty("osb.url", "");
        if (!url.isBlank()) {
            OsbTarget target = new OsbTarget(null, url, System.getProperty("osb.user", ""),
                    System.getProperty("osb.password", ""), required("osb.service"), required("osb.plan"),
                    Boolean.parseBoolean(System.getProperty("osb.async", "true")));
            target.instances.warmUp();
            return target;
        }
        Stream.of("dummy-stencil", "slow-stencil", "fail-stencil", "badyaml-stencil", "local-backend")
                .forEach(TestImages::ensure);
        BrokerProcess broker = BrokerProcess.start("conformance", BrokerProcess.example("demo.yaml"),
                "--junction.instances.catalog=" + catalogFile(), "--junction.instances.teardown-retry=500ms");
        OsbTarget target = new OsbTarget(broker, broker.rootUrl(), BrokerProcess.USERNAME, BrokerProcess.PASSWORD,
                SERVICE, QUICK, true);
        target.awaitCatalog(7);
        target.instances.warmUp();
        return target;
    }

    private static String required(String property) {
        String value = System.getProperty(property, "");
        if (value.isBlank()) {
            throw new IllegalStateException("-D" + property + " is required with -Dosb.url: which plan to provision");
        }
        return value;
    }

    /** The catalog resource as a file, since the broker reads a path. */
    private static Path catalogFile() {
        try (InputStream in = OsbTarget.class.getResourceAsStream("/conformance/services.yaml")) {
            if (in == null) {
                throw new IllegalStateException("conformance/services.yaml is not on the test classpath");
            }
            Path file = Files.createTempFile("conformance-services", ".yaml");
            Files.write(file, in.readAllBytes());
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Plans are offered once their stencils' metadata is read, in the background after the start. */
    private void awaitCatalog(int plans) {
        Instant until = Instant.now().plus(CATALOG_READY);
        OsbHttp.Response last;
        do {
            last = http.get("/v2/catalog");
            int offered = 0;
            for (var s : last.json().path("services")) {
                offered += s.path("plans").size();
            }
            if (last.status() == 200 && offered == plans) {
                return;
            }
            Instances.sleep(Duration.ofMillis(300));
        } while (Instant.now().isBefore(until));
        throw new AssertionError("the conformance catalog was not offered within " + CATALOG_READY + ": " + last
                + "\n" + broker.logTail());
    }

    public OsbHttp http() {
        return http;
    }

    /** A client with other credentials, for the authentication tests. */
    public OsbHttp httpAs(String user, String password) {
        return new OsbHttp(url, user, password);
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public Instances instances() {
        return instances;
    }

    public String service() {
        return service;
    }

    public String plan() {
        return plan;
    }

    /** Whether the broker answers provisions asynchronously (202); {@code -Dosb.async=false} for one that does not. */
    public boolean async() {
        return async;
    }

    /** A Junction started by this suite, with its catalog of test plans. */
    public boolean junction() {
        return broker != null;
    }

    /** Skips the calling test unless the broker is the Junction this suite started. */
    public void requireJunction(String why) {
        assumeTrue(junction(), "needs the Junction broker this suite starts: " + why);
    }

    /**
     * Skips, on the Junction this suite starts, a check Junction is known to fail (docs/conformance.md lists
     * them), unless {@code -Dosb.known-gaps=true}; on any other broker the check runs.
     */
    public void knownGap(String what) {
        assumeTrue(!junction() || Boolean.getBoolean("osb.known-gaps"), "a known gap of Junction: " + what);
    }

    public void requireAsync() {
        assumeTrue(async, "the broker is configured as synchronous (-Dosb.async=false)");
    }

    public String logTail() {
        return broker == null ? "" : "\n" + broker.logTail();
    }

    @Override
    public void close() {
        try {
            instances.cleanUp(broker == null);
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }
}
