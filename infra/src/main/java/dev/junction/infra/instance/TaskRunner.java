package dev.junction.infra.instance;

import dev.junction.api.instance.InstanceCommands.RecordStep;
import dev.junction.api.instance.ServiceCatalog;
import dev.junction.api.instance.StepOutcome;
import dev.junction.api.instance.TaskRequests.RunStep;
import dev.junction.infra.config.InstanceSettings;
import dev.junction.infra.container.ContainerRuntime;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the steps the lifecycle saga asks for ({@link RunStep}) on its own threads, never on the command's,
 * and reports each outcome with {@link RecordStep}. A step is run once per (instance, task, step, attempt):
 * a request for a step that runs here or whose outcome the instance's events already hold is ignored.
 * Each started step is recorded ({@link TaskRuns}) until its outcome is sent, so that after a crash its
 * container is awaited and reported, or reported lost.
 */
public class TaskRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);
    private static final int QUEUE = 10_000;

    private final StepWork work;
    private final TaskRuns runs;
    private final CommandGateway commands;
    private final ThreadPoolExecutor executor;
    private final Set<StepKey> active = new HashSet<>(); // guarded by itself

    public TaskRunner(ContainerRuntime runtime, EventStore events, CommandGateway commands, ServiceCatalog catalog,
                      BackendRegistry backends, StepSpecs specs, TaskStores stores, InstanceSettings settings,
                      Path workDir) {
        this(new StepWork(runtime, events, catalog, backends, specs, stores.setups(), stores.logs(),
                new StencilStep(specs, stores.setups(), stores.instances(), stores.keys(), settings), workDir),
                stores.runs(), commands, settings.taskThreads());
    }

    TaskRunner(StepWork work, TaskRuns runs, CommandGateway commands, int threads) {
        this.work = work;
        this.runs = runs;
        this.commands = commands;
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), r -> {
            Thread thread = new Thread(r, "task-step-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        executor.allowCoreThreadTimeOut(true);
    }

    @CommandHandler
    public void handle(RunStep request) {
        submit(new StepKey(request.instanceId(), request.task(), request.step(), request.attempt()), false);
    }

    /** Steps interrupted by a restart: each container is awaited (or reported lost), and its outcome reported. */
    @EventListener(ApplicationReadyEvent.class)
    public void resumeInterrupted() {
        for (StepKey key : runs.unfinished()) {
            log.info("resuming {} after a restart", key);
            submit(key, true);
        }
    }

    private void submit(StepKey key, boolean resumeOnly) {
        synchronized (active) {
            if (!active.add(key)) {
                log.debug("{} runs already: request ignored", key);
                return;
            }
        }
        try {
            executor.execute(() -> execute(key, resumeOnly));
        } catch (RejectedExecutionException e) {
            done(key);
            log.warn("{} refused: {} steps wait already", key, QUEUE);
            report(key, StepOutcome.failure(-1, "the broker has too many steps waiting"));
        }
    }

    private void execute(StepKey key, boolean resumeOnly) {
        StepOutcome outcome;
        try {
            InstanceContext context = work.context(key.instanceId());
            if (context.reported(key)) {
                runs.finished(key);
                done(key);
                log.debug("{} was reported already: request ignored", key);
                return;
            }
            runs.started(key);
            outcome = work.run(key, context, resumeOnly);
        } catch (RuntimeException e) {
            log.warn("{} could not run: {}", key, e.toString());
            outcome = StepOutcome.failure(-1, "the broker could not run the step: " + e.getClass().getSimpleName());
        }
        report(key, outcome);
    }

    private void report(StepKey key, StepOutcome outcome) {
        if (!outcome.succeeded()) {
            log.info("{} failed: {}", key, outcome.reason());
        }
        commands.send(new RecordStep(key.instanceId(), key.task(), key.step(), key.attempt(), outcome))
                .whenComplete((result, error) -> {
                    if (error != null) {
                        // the run stays recorded: the next start reports it again (as lost, its container gone)
                        log.warn("{}: its outcome could not be recorded: {}", key, error.toString());
                    } else {
                        runs.finished(key);
                    }
                    done(key);
                });
    }

    private void done(StepKey key) {
        synchronized (active) {
            active.remove(key);
        }
    }

    /** Whether this runner is running or about to run the step (for tests and the log route). */
    boolean active(StepKey key) {
        synchronized (active) {
            return active.contains(key);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
