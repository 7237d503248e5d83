package dev.junction.infra.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.util.unit.DataSize;
import java.util.List;

/**
 * Junction's settings ({@code junction.*}), each overridable by flag or environment variable
 * ({@code --junction.data-dir=...}, {@code JUNCTION_DATA_DIR=...}); docs/operator-guide.md lists them.
 *
 * <p>Every default is declared once, in the compact constructor of the record that holds the setting:
 * an unset value (null, or 0 for a number that cannot be 0) takes the default there, and a group left
 * out entirely is built from nothing, so it takes all of its defaults the same way. The groups stay
 * nested records of this one class (some 350 lines of declarations) so that Spring binds them all from
 * one prefix and every default of the broker can be read in one file.
 *
 * @param dataDir     where the embedded PostgreSQL and MongoDB keep their data
 * @param rootUrl     the broker's public root URL; defaults to {@code http://localhost:PORT}
 * @param resources   the YAML file declaring the resources this broker manages
 * @param templates   an optional JSON file with more proto and adapter templates
 * @param auth        the credentials users present with HTTP Basic
 * @param postgres    an external PostgreSQL, or the embedded one when {@code url} is empty
 * @param mongo       an external MongoDB; the embedded one is used when {@code uri} is empty
 * @param commands    the command executor and its aggregate cache
 * @param eventStore  how events are stored and read back
 * @param oidc        the broker as an OIDC issuer, and how it checks its peers' tokens
 * @param peers       outgoing calls to peer brokers and webhooks
 * @param propagation retries of peer propagation
 * @param delivery    retries of parked config deliveries
 * @param deadlines   the scheduler of persistent deadlines (propagation retries)
 * @param readModels  the read models in MongoDB: written behind, kept in memory, rebuilt
 * @param limits      how much a caller may send
 * @param schemas     how far the JSON Schemas of pipe ends may go
 * @param instances   service instances: the catalog and how their containers run ({@link InstanceSettings})
 */
@ConfigurationProperties("junction")
public record JunctionProperties(Path dataDir, String rootUrl, Path resources, Path templates, Auth auth,
                                 Postgres postgres, Mongo mongo, Commands commands, EventStore eventStore,
                                 Oidc oidc, Peers peers, Propagation propagation, Delivery delivery,
                                 Deadlines deadlines, ReadModels readModels, Limits limits,
                                 Schemas schemas, InstanceSettings instances) {

    public JunctionProperties {
        dataDir = dataDir == null ? Path.of("var") : dataDir;
        auth = auth == null ? new Auth(null, null, null, null, null) : auth;
        postgres = postgres == null ? new Postgres(null, null, null, 0, 0, null) : postgres;
        mongo = mongo == null ? new Mongo(null, null, 0, null, null, null) : mongo;
        commands = commands == null ? new Commands(0, null, null, null, null, 0) : commands;
        eventStore = eventStore == null ? new EventStore(0, 0, null, null, null) : eventStore;
        oidc = oidc == null ? new Oidc(null, null, null, null, null, null, null, null, null) : oidc;
        peers = peers == null ? new Peers(null, null, null) : peers;
        propagation = propagation == null ? new Propagation(null, 0, null, 0, null) : propagation;
        delivery = delivery == null ? new Delivery(null, 0) : delivery;
        deadlines = deadlines == null ? new Deadlines(0, null, null) : deadlines;
        readModels = readModels == null ? new ReadModels(0, 0, 0, null, null, null, 0, 0, null, null, null, null, null)
                : readModels;
        limits = limits == null ? new Limits(0, 0, 0, 0, 0, 0) : limits;
        schemas = schemas == null ? new Schemas(0, 0, 0, null) : schemas;
        instances = instances == null
                ? new InstanceSettings(null, null, null, null, null, null, 0, null, null, 0, null, null, null, null, null)
                : instances;
    }

    /**
     * @param username when unset (or the password), users cannot authenticate: every user call is refused
     *                 with 401
     * @param throttle how failed HTTP Basic attempts slow a client down
     * @param operatorUsername when set (with {@code operatorPassword}), the operator's routes ({@code /b/},
     *                 {@code /admin/}) take only these credentials, which also serve every other route;
     *                 unset, the user credentials serve the operator's routes too
     */
    public record Auth(String username, String password, Throttle throttle, String operatorUsername,
                       String operatorPassword) {
        public Auth {
            throttle = throttle == null ? new Throttle(0, 0, null, null, null, 0, false) : throttle;
        }
    }

    /**
     * @param maxFailures           failed attempts of one client address and user name within {@code window}
     *                              before that pair is blocked (default 5)
     * @param maxFailuresPerAddress failed attempts of one client address, whatever the user name, within
     *                              {@code window} before the address is blocked (default 20)
     * @param window                how long failures count (default 1 minute); a failure within this long
     *                              after a block ends blocks again, twice as long
     * @param initialBlock          the first block (default 10 s)
     * @param maxBlock              the longest block (default 15 minutes)
     * @param trackedClients        client addresses and pairs remembered at most (default 100,000)
     * @param trustForwardedFor     take the client address from the last {@code X-Forwarded-For} entry
     *                              instead of the TCP peer (default false: only behind a proxy that sets it)
     */
    public record Throttle(int maxFailures, int maxFailuresPerAddress, Duration window, Duration initialBlock,
                           Duration maxBlock, int trackedClients, boolean trustForwardedFor) {
        public Throttle {
            maxFailures = maxFailures > 0 ? maxFailures : 5;
            maxFailuresPerAddress = maxFailuresPerAddress > 0 ? maxFailuresPerAddress : 20;
            window = window == null ? Duration.ofMinutes(1) : window;
            initialBlock = initialBlock == null ? Duration.ofSeconds(10) : initialBlock;
            maxBlock = maxBlock == null ? Duration.ofMinutes(15) : maxBlock;
            trackedClients = trackedClients > 0 ? trackedClients : 100_000;
        }
    }

    /**
     * @param url                    JDBC URL of an external PostgreSQL; the embedded one when empty
     * @param poolSize               JDBC connections (default 24)
     * @param embeddedMaxConnections {@code max_connections} of the embedded server (default 100)
     * @param embeddedSharedBuffers  {@code shared_buffers} of the embedded server (default 128MB)
     */
    public record Postgres(String url, String username, String password, int poolSize, int embeddedMaxConnections,
                           String embeddedSharedBuffers) {
        public Postgres {
            poolSize = poolSize > 0 ? poolSize : 24;
            embeddedMaxConnections = embeddedMaxConnections > 0 ? embeddedMaxConnections : 100;
            embeddedSharedBuffers = embeddedSharedBuffers == null || embeddedSharedBuffers.isBlank() ? "128MB"
                    : embeddedSharedBuffers;
        }
    }

    /**
     * @param database               the read models' database (default {@code junction})
     * @param poolSize               connections to MongoDB (default 64)
     * @param connectTimeout         connect timeout (default 5 s)
     * @param readTimeout            time allowed for an answer (default 30 s)
     * @param serverSelectionTimeout how long an operation waits for a reachable server (default 10 s)
     */
    public record Mongo(String uri, String database, int poolSize, Duration connectTimeout, Duration readTimeout,
                        Duration serverSelectionTimeout) {
        public Mongo {
            database = database == null || database.isBlank() ? "junction" : database;
            poolSize = poolSize > 0 ? poolSize : 64;
            connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
            readTimeout = readTimeout == null ? Duration.ofSeconds(30) : readTimeout;
            serverSelectionTimeout = serverSelectionTimeout == null ? Duration.ofSeconds(10) : serverSelectionTimeout;
        }
    }

    /**
     * @param threads          command handler threads (default 32)
     * @param cachedAggregates how many recently used aggregates stay in memory, so a command does not
     *                         replay their events first (default 10,000; 0 turns the cache off)
     * @param cachedAggregatesBytes what those aggregates may weigh together, as the JSON text of their
     *                             ends' data and schemas (default 16MB)
     * @param committedEnds    the memory for the ends each pipe had at its last commit, against which a command
     *                         is validated before it takes the pipe's lock (default 16 MB; a pipe not kept
     *                         there is read from its events)
     * @param changedRetries   how often a command is sent again when its pipe changed between its validation
     *                         and its decision, after 1, 2, 4 … ms (default 8); after that the caller gets 409
     * @param maxWaitingPerAggregate commands that may wait for one pipe (or resource) while another command
     *                         on it runs, in turn (default 1,000); beyond, a command is answered 503
     */
    public record Commands(int threads, Integer cachedAggregates, DataSize cachedAggregatesBytes,
                           DataSize committedEnds, Integer changedRetries, int maxWaitingPerAggregate) {
        public Commands {
            threads = threads > 0 ? threads : 32;
            cachedAggregates = cachedAggregates == null ? 10_000 : Math.max(0, cachedAggregates);
            cachedAggregatesBytes = positive(cachedAggregatesBytes, DataSize.ofMegabytes(16));
            committedEnds = positive(committedEnds, DataSize.ofMegabytes(16));
            changedRetries = changedRetries == null ? 8 : Math.max(0, changedRetries);
            maxWaitingPerAggregate = maxWaitingPerAggregate > 0 ? maxWaitingPerAggregate : 1_000;
        }
    }

    /** {@code size} when set and above zero, else {@code otherwise}. */
    private static DataSize positive(DataSize size, DataSize otherwise) {
        return size == null || size.toBytes() <= 0 ? otherwise : size;
    }

    /**
     * @param snapshotEvery    a snapshot of an aggregate after this many of its events (default 100)
     * @param batchSize        events read from PostgreSQL per query (default 2,000)
     * @param idleReadInterval how long a streaming processor that heard of no commit waits before it
     *                         reads the store anyway, for events appended by another broker process
     *                         (default 1 s)
     * @param batchBytes       what the events of one such query may weigh (stored payload and meta-data),
     *                         fewer than {@code batchSize} when they are large (default 8MB)
     * @param minReadInterval  the least time between two reads of a streaming processor under a stream of
     *                         commits, so that one query brings many commits' events (default 5 ms)
     */
    public record EventStore(int snapshotEvery, int batchSize, Duration idleReadInterval, DataSize batchBytes,
                             Duration minReadInterval) {
        public EventStore {
            snapshotEvery = snapshotEvery > 0 ? snapshotEvery : 100;
            batchSize = batchSize > 0 ? batchSize : 2_000;
            idleReadInterval = idleReadInterval == null ? Duration.ofSeconds(1) : idleReadInterval;
            minReadInterval = minReadInterval == null ? Duration.ofMillis(5) : minReadInterval;
            batchBytes = positive(batchBytes, DataSize.ofMegabytes(8));
        }
    }

    /**
     * @param masterKey            base64 of 32 bytes that encrypt everything stored at rest; when unset, a
     *                             key is created in {@code <data-dir>/keys/master.key} (readable by its
     *                             owner only)
     * @param tokenTtl             lifetime of the tokens this broker signs (default 5 minutes)
     * @param rotationPeriod       how long a signing key signs before the next replaces it (default 1 day)
     * @param clockSkew            tolerance on exp/nbf/iat of incoming tokens (default 60 s)
     * @param issuerKeysMaxAge     how long a peer issuer's fetched keys are used before they are fetched
     *                             again (default 10 minutes)
     * @param issuerKeysMinRefresh the shortest time between two fetches of one issuer's keys, also after a
     *                             failed fetch (default 10 s)
     * @param housekeepingInterval how often a due key rotation and the purge of expired replay records run
     *                             (default 1 minute)
     * @param maxTokenLifetime     the longest lifetime ({@code exp - iat}) of an incoming token (default
     *                             1 hour, what the reference broker issues)
     * @param withoutJtiWindow     how long after its {@code iat} an incoming token without {@code jti} is
     *                             accepted (default 60 s)
     */
    public record Oidc(String masterKey, Duration tokenTtl, Duration rotationPeriod, Duration clockSkew,
                       Duration issuerKeysMaxAge, Duration issuerKeysMinRefresh, Duration housekeepingInterval,
                       Duration maxTokenLifetime, Duration withoutJtiWindow) {
        public Oidc {
            maxTokenLifetime = maxTokenLifetime == null ? Duration.ofHours(1) : maxTokenLifetime;
            withoutJtiWindow = withoutJtiWindow == null ? Duration.ofSeconds(60) : withoutJtiWindow;
            tokenTtl = tokenTtl == null ? Duration.ofMinutes(5) : tokenTtl;
            rotationPeriod = rotationPeriod == null ? Duration.ofDays(1) : rotationPeriod;
            clockSkew = clockSkew == null ? Duration.ofSeconds(60) : clockSkew;
            issuerKeysMaxAge = issuerKeysMaxAge == null ? Duration.ofMinutes(10) : issuerKeysMaxAge;
            issuerKeysMinRefresh = issuerKeysMinRefresh == null ? Duration.ofSeconds(10) : issuerKeysMinRefresh;
            housekeepingInterval = housekeepingInterval == null ? Duration.ofMinutes(1) : housekeepingInterval;
        }
    }

    /**
     * @param allowedHosts   when not empty, the only hosts this broker calls (propagation, discovery, webhooks)
     * @param connectTimeout connect timeout of an outgoing call (default 2 s)
     * @param readTimeout    time allowed for the answer (default 5 s)
     */
    public record Peers(List<String> allowedHosts, Duration connectTimeout, Duration readTimeout) {
        public Peers {
            allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
            connectTimeout = connectTimeout == null ? Duration.ofSeconds(2) : connectTimeout;
            readTimeout = readTimeout == null ? Duration.ofSeconds(5) : readTimeout;
        }
    }

    /**
     * Back-off of propagation retries: from {@code initialDelay} (default 1 s), multiplied by
     * {@code multiplier} (default 2) after each failure up to {@code maxDelay} (default 32 s), for at most
     * {@code maxAttempts} attempts (default 10). A delivery without an outcome after {@code stuckAfter}
     * (default 2 minutes) no longer holds back the pipe's next one.
     */
    public record Propagation(Duration initialDelay, double multiplier, Duration maxDelay, int maxAttempts,
                              Duration stuckAfter) {
        public Propagation {
            stuckAfter = stuckAfter == null ? Duration.ofMinutes(2) : stuckAfter;
            initialDelay = initialDelay == null ? Duration.ofSeconds(1) : initialDelay;
            multiplier = multiplier <= 0 ? 2.0 : multiplier;
            maxDelay = maxDelay == null ? Duration.ofSeconds(32) : maxDelay;
            maxAttempts = maxAttempts <= 0 ? 10 : maxAttempts;
        }
    }

    /**
     * @param retryInterval time between two retries of parked config deliveries (default 5 s)
     * @param retryBatch    at most this many resources' parked deliveries retried per round (default 100)
     */
    public record Delivery(Duration retryInterval, int retryBatch) {
        public Delivery {
            retryInterval = retryInterval == null ? Duration.ofSeconds(5) : retryInterval;
            retryBatch = retryBatch > 0 ? retryBatch : 100;
        }
    }

    /**
     * @param threads           threads running due deadlines (default 4)
     * @param pollingInterval   how often the scheduler looks for due deadlines (default 200 ms)
     * @param heartbeatInterval how often a running deadline is marked alive, so another broker does not
     *                          take it over (default 10 s)
     */
    public record Deadlines(int threads, Duration pollingInterval, Duration heartbeatInterval) {
        public Deadlines {
            threads = threads > 0 ? threads : 4;
            pollingInterval = pollingInterval == null ? Duration.ofMillis(200) : pollingInterval;
            heartbeatInterval = heartbeatInterval == null ? Duration.ofSeconds(10) : heartbeatInterval;
        }
    }

    /**
     * @param writeBatch          pipe views per bulk write to MongoDB (default 1,000)
     * @param maxPendingWrites    views written behind but not yet stored, beyond which commands wait for
     *                            the writer (default 50,000)
     * @param keptViews           stored pipe views kept in memory to fold the next event onto (default 20,000)
     * @param keptViewFreshness   how long a kept view answers queries without reading MongoDB (default 1 s)
     * @param listingLifetime     how long a listing of a resource's live pipes stands when MongoDB is shared
     *                            with other brokers (default 10 s)
     * @param viewWait            how long propagation and config delivery wait for a pipe's view to catch
     *                            up with the event they handle (default 2 s)
     * @param rebuildBatch        pipe views per write to the shadow collection in a rebuild (default 5,000)
     * @param rebuildCachedViews  recently folded pipe views a rebuild keeps in memory (default 50,000)
     * @param writeBatchBytes      what the views of one bulk write may weigh (default 4MB)
     * @param maxPendingBytes      what the views written behind but not yet stored may weigh before
     *                            commands wait for the writer (default 16MB)
     * @param keptViewsBytes       what the kept views may weigh (default 8MB)
     * @param rebuildBatchBytes    what the views of one write to the shadow collection may weigh (default 4MB)
     * @param rebuildCachedBytes   what the views a rebuild keeps in memory may weigh (default 16MB)
     * <p>Sizes are the JSON text of the views' data and schemas ({@code JsonWeights}); in the heap a view
     * takes about two to four times that.
     */
    public record ReadModels(int writeBatch, int maxPendingWrites, int keptViews, Duration keptViewFreshness,
                             Duration listingLifetime, Duration viewWait, int rebuildBatch, int rebuildCachedViews,
                             DataSize writeBatchBytes, DataSize maxPendingBytes, DataSize keptViewsBytes,
                             DataSize rebuildBatchBytes, DataSize rebuildCachedBytes) {
        public ReadModels {
            writeBatch = writeBatch > 0 ? writeBatch : 1_000;
            maxPendingWrites = maxPendingWrites > 0 ? maxPendingWrites : 50_000;
            keptViews = keptViews > 0 ? keptViews : 20_000;
            keptViewFreshness = keptViewFreshness == null ? Duration.ofSeconds(1) : keptViewFreshness;
            listingLifetime = listingLifetime == null ? Duration.ofSeconds(10) : listingLifetime;
            viewWait = viewWait == null ? Duration.ofSeconds(2) : viewWait;
            rebuildBatch = rebuildBatch > 0 ? rebuildBatch : 5_000;
            rebuildCachedViews = rebuildCachedViews > 0 ? rebuildCachedViews : 50_000;
            writeBatchBytes = positive(writeBatchBytes, DataSize.ofMegabytes(4));
            maxPendingBytes = positive(maxPendingBytes, DataSize.ofMegabytes(16));
            keptViewsBytes = positive(keptViewsBytes, DataSize.ofMegabytes(8));
            rebuildBatchBytes = positive(rebuildBatchBytes, DataSize.ofMegabytes(4));
            rebuildCachedBytes = positive(rebuildCachedBytes, DataSize.ofMegabytes(16));
        }
    }

    /**
     * What a caller may send; each refusal changes nothing.
     *
     * @param endDataBytes    an end's {@code data} (and a resource's data in {@code PATCH /{resource}}) as
     *                        compact UTF-8 JSON; more is 413 naming the field (default 64 KiB)
     * @param endSchemaBytes  an end's {@code schema}, the same way (default 64 KiB)
     * @param bodyBytes       a whole request body, counted while it is read (and refused at once when its
     *                        Content-Length says more); more is 413 naming {@code body} (default 256 KiB)
     * @param jsonDepth       nesting of objects and arrays in a body; deeper is 400 (default 64)
     * @param jsonStringChars the longest string or field name in a body; longer is 400 (default 65,536)
     * @param jsonNumberChars the longest number in a body, in characters; longer is 400 (default 100)
     */
    public record Limits(int endDataBytes, int endSchemaBytes, int bodyBytes, int jsonDepth, int jsonStringChars,
                         int jsonNumberChars) {
        public Limits {
            endDataBytes = endDataBytes > 0 ? endDataBytes : 64 * 1024;
            endSchemaBytes = endSchemaBytes > 0 ? endSchemaBytes : 64 * 1024;
            bodyBytes = bodyBytes > 0 ? bodyBytes : 256 * 1024;
            jsonDepth = jsonDepth > 0 ? jsonDepth : 64;
            jsonStringChars = jsonStringChars > 0 ? jsonStringChars : 65_536;
            jsonNumberChars = jsonNumberChars > 0 ? jsonNumberChars : 100;
        }
    }

    /**
     * How far the JSON Schemas of pipe ends may go.
     *
     * @param maxPatternLength the longest regular expression in a schema, as written and with its
     *                         repetitions counted out (default 1,000)
     * @param maxDepth         the deepest JSON nesting of a schema (default 64)
     * @param maxApplications  how many subschemas a schema may apply to one value of the data, counting
     *                         every path through references and combinators (default 1,000)
     * @param cacheSize        the schema text whose compiled schemas are kept in memory (default 8 MB)
     */
    public record Schemas(int maxPatternLength, int maxDepth, int maxApplications, DataSize cacheSize) {
        public Schemas {
            maxPatternLength = maxPatternLength > 0 ? maxPatternLength : 1_000;
            maxDepth = maxDepth > 0 ? maxDepth : 64;
            maxApplications = maxApplications > 0 ? maxApplications : 1_000;
            cacheSize = positive(cacheSize, DataSize.ofMegabytes(8));
        }
    }
}
