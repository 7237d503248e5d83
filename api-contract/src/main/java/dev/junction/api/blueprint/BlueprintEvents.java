package dev.junction.api.blueprint;

import dev.junction.api.Actor;

import java.time.Instant;

/** Slots of a blueprint: one is taken by every pipe bound through it, and freed when the pipe goes. */
public final class BlueprintEvents {

    private BlueprintEvents() {
    }

    public record BlueprintSlotTaken(String blueprintKey, String pipeKey, Actor actor, Instant at) {
    }

    public record BlueprintSlotReleased(String blueprintKey, String pipeKey, Actor actor, Instant at) {
    }
}
