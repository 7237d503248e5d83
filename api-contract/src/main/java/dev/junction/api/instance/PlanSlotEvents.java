package dev.junction.api.instance;

import dev.junction.api.Actor;

import java.time.Instant;

/**
 * The events of a plan's instance slots, which count its instances against its {@code instanceLimit}.
 * {@code planKey} is {@code serviceId/planId}.
 */
public final class PlanSlotEvents {

    private PlanSlotEvents() {
    }

    public record PlanSlotTaken(String planKey, String instanceId, Actor actor, Instant at) {
    }

    public record PlanSlotReleased(String planKey, String instanceId, Instant at) {
    }
}
