package dev.junction.infra.instance;

import dev.junction.api.instance.Step;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * The steps this broker has started and not yet reported, so that after a crash each one is awaited
 * again (or reported lost) instead of being forgotten. Brokers sharing the database each keep their own
 * ({@code runner}: what stays the same across a restart of one broker and differs between two).
 */
public class TaskRuns {

    private final JdbcTemplate jdbc;
    private final String runner;

    public TaskRuns(JdbcTemplate jdbc, String runner) {
        this.jdbc = jdbc;
        this.runner = runner;
    }

    public void started(StepKey key) {
        jdbc.update("INSERT INTO task_runs (runner, instance_id, task, step, attempt, started_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", runner, key.instanceId(), key.task(), key.step().name(), key.attempt(),
                Timestamp.from(Instant.now()));
    }

    public void finished(StepKey key) {
        jdbc.update("DELETE FROM task_runs WHERE instance_id = ? AND task = ? AND step = ? AND attempt = ?",
                key.instanceId(), key.task(), key.step().name(), key.attempt());
    }

    public List<StepKey> unfinished() {
        return jdbc.query("SELECT instance_id, task, step, attempt FROM task_runs WHERE runner = ? ORDER BY started_at",
                (rs, i) -> new StepKey(rs.getString(1), rs.getInt(2), Step.valueOf(rs.getString(3)), rs.getInt(4)),
                runner);
    }

    /** Whether a step of the task runs on any broker. */
    public boolean running(String instanceId, int task) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM task_runs WHERE instance_id = ? AND task = ?",
                Integer.class, instanceId, task);
        return n != null && n > 0;
    }
}
