package dev.junction.query.blueprint;

/** Where {@link BlueprintSlotsProjection} records which pipes hold a slot of each blueprint. */
public interface BlueprintSlotUpdates {

    void taken(String blueprintKey, String pipeKey);

    void released(String blueprintKey, String pipeKey);
}
