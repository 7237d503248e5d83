package dev.junction.query;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs read-model writes once the event store transaction has committed, in the order the events
 * were published. (Axon calls after-commit handlers in reverse order of registration, so each unit of
 * work gets one handler that runs its queue front to back.)
 */
public final class AfterCommit {

    private static final String QUEUE = AfterCommit.class.getName() + ".queue";

    private AfterCommit() {
    }

    public static void run(Runnable write) {
        if (!CurrentUnitOfWork.isStarted()) {
            write.run();
            return;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        List<Runnable> queue = root.getOrComputeResource(QUEUE, key -> {
            List<Runnable> writes = new ArrayList<>();
            root.afterCommit(u -> writes.forEach(Runnable::run));
            return writes;
        });
        queue.add(write);
    }
}
