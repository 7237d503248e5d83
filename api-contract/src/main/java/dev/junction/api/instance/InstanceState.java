package dev.junction.api.instance;

/**
 * Where an instance is: Tweed's states. {@code QUIET} is usable with nothing running; the {@code -ING}
 * states each have one task running; {@code FAILED} is a failed provision (only deprovision and purge
 * are allowed); {@code GONE} is deprovisioned.
 */
public enum InstanceState {
    PROVISIONING, QUIET, UPDATING, BINDING, UNBINDING, DEPROVISIONING, GONE, FAILED;

    public boolean busy() {
        return this == PROVISIONING || this == UPDATING || this == BINDING || this == UNBINDING
                || this == DEPROVISIONING;
    }
}
