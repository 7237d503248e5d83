package dev.junction.infra.instance;

import dev.junction.infra.container.ContainerRuntime;
import org.springframework.jdbc.core.JdbcTemplate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every container's output, stored as it comes ({@code task_logs}), up to the output cap per container,
 * and read back by task in the order it was written; a running task can be followed.
 */
public class TaskLogs {

    private static final byte[] TRUNCATED = "\n[junction: output cap reached, the rest was dropped]\n"
            .getBytes(StandardCharsets.UTF_8);

    private final JdbcTemplate jdbc;
    private final TaskRuns runs;
    private final long cap;

    public TaskLogs(JdbcTemplate jdbc, TaskRuns runs, long cap) {
        this.jdbc = jdbc;
        this.runs = runs;
        this.cap = cap;
    }

    /** A sink for one container's output; {@code keepStdout}/{@code keepStderr} say which streams are its log. */
    ContainerRuntime.LogSink sink(StepKey key, boolean keepStdout, boolean keepStderr) {
        jdbc.update("DELETE FROM task_logs WHERE instance_id = ? AND task = ? AND step = ? AND attempt = ?",
                key.instanceId(), key.task(), key.step().name(), key.attempt());
        return new ContainerRuntime.LogSink() {
            private int seq;
            private long written;
            private boolean full;

            @Override
            public synchronized void append(byte[] chunk, boolean stderr) {
                if (full || chunk.length == 0 || (stderr ? !keepStderr : !keepStdout)) {
                    return;
                }
                byte[] kept = chunk;
                if (written + chunk.length > cap) {
                    kept = new byte[(int) (cap - written)];
                    System.arraycopy(chunk, 0, kept, 0, kept.length);
                    full = true;
                }
                written += kept.length;
                insert(kept);
                if (full) {
                    insert(TRUNCATED);
                }
            }

            private void insert(byte[] bytes) {
                jdbc.update("INSERT INTO task_logs (instance_id, task, step, attempt, seq, chunk, written_at) "
                                + "VALUES (?, ?, ?, ?, ?, ?, ?)", key.instanceId(), key.task(), key.step().name(),
                        key.attempt(), seq++, bytes, Timestamp.from(Instant.now()));
            }
        };
    }

    /** A line of this broker's own in the log (a refusal before any container ran). */
    void note(StepKey key, String text) {
        jdbc.update("INSERT INTO task_logs (instance_id, task, step, attempt, seq, chunk, written_at) "
                        + "SELECT ?, ?, ?, ?, COALESCE(MAX(seq) + 1, 0), ?, ? FROM task_logs WHERE instance_id = ? "
                        + "AND task = ? AND step = ? AND attempt = ?", key.instanceId(), key.task(), key.step().name(),
                key.attempt(), ("[junction] " + text + "\n").getBytes(StandardCharsets.UTF_8),
                Timestamp.from(Instant.now()), key.instanceId(), key.task(), key.step().name(), key.attempt());
    }

    private record Row(long id, byte[] chunk) {
    }

    /** The task's output after row {@code after}, one page, in the order it was written. */
    private List<Row> after(String instanceId, int task, long after) {
        return jdbc.query("SELECT id, chunk FROM task_logs WHERE instance_id = ? AND task = ? AND id > ? "
                        + "ORDER BY id LIMIT 1000", (rs, i) -> new Row(rs.getLong(1), rs.getBytes(2)),
                instanceId, task, after);
    }

    /** The task's output as stored now. */
    public Flux<byte[]> read(String instanceId, int task) {
        return Flux.defer(() -> more(instanceId, task, new AtomicLong()));
    }

    /** What comes after {@code position}, page by page. */
    private Flux<byte[]> more(String instanceId, int task, AtomicLong position) {
        List<Row> rows = after(instanceId, task, position.get());
        if (rows.isEmpty()) {
            return Flux.empty();
        }
        position.set(rows.get(rows.size() - 1).id());
        return Flux.fromIterable(rows).map(Row::chunk).concatWith(Flux.defer(() -> more(instanceId, task, position)));
    }

    /**
     * The task's output, then what comes, until no step of the task runs here (checked twice in a row, a
     * pause apart, so the gap between two steps does not end it) or {@code max} has passed.
     */
    public Flux<byte[]> follow(String instanceId, int task, Duration poll, Duration max) {
        AtomicLong position = new AtomicLong();
        AtomicLong idle = new AtomicLong();
        return Flux.interval(Duration.ZERO, poll)
                .take(max)
                .concatMap(tick -> Mono.fromCallable(() -> {
                    boolean running = runs.running(instanceId, task);
                    List<Row> rows = after(instanceId, task, position.get());
                    if (!rows.isEmpty()) {
                        position.set(rows.get(rows.size() - 1).id());
                    }
                    idle.set(running || !rows.isEmpty() ? 0 : idle.get() + 1);
                    return rows;
                }).subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()))
                .takeUntil(rows -> idle.get() >= 3)
                .concatMapIterable(rows -> rows.stream().map(Row::chunk).toList());
    }
}
