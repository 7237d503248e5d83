package dev.junction.command.instance;

import dev.junction.api.instance.InstanceEvents.PollingDeadlineSet;
import dev.junction.api.instance.MaintenanceInfo;
import dev.junction.api.instance.MaintenanceInfoConflictException;
import dev.junction.api.instance.ServiceCatalog.Plan;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/** The plan-level OSB rules of an operation: its {@code maintenance_info} and its polling deadline. */
final class Maintenance {

    private Maintenance() {
    }

    /**
     * A request that sends {@code maintenance_info} must send the plan's version: an older one comes from an
     * out-of-date catalog, and an update always runs the plan's stencil as it is now, so it cannot keep an
     * instance on an older version either. Sending none is always allowed.
     */
    static void requirePlans(MaintenanceInfo requested, Plan plan) {
        if (requested == null) {
            return;
        }
        if (plan.maintenanceInfo() == null) {
            throw new MaintenanceInfoConflictException("plan " + plan.planId() + " has no maintenance_info");
        }
        if (!MaintenanceInfo.sameVersion(requested, plan.maintenanceInfo())) {
            throw new MaintenanceInfoConflictException("maintenance_info.version " + requested.version()
                    + " is not plan " + plan.planId() + "'s (" + plan.maintenanceInfo().version()
                    + "): fetch the catalog again");
        }
    }

    /** The task's deadline when the plan sets a {@code maximum_polling_duration}. */
    static Optional<PollingDeadlineSet> pollingDeadline(Plan plan, String instanceId, int task, Clock clock) {
        if (plan == null || plan.maximumPollingDuration() <= 0) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return Optional.of(new PollingDeadlineSet(instanceId, task, now.plusSeconds(plan.maximumPollingDuration()),
                now));
    }
}
