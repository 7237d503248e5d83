package dev.junction.api.instance;

import dev.junction.api.error.ConflictException;

/**
 * A request's {@code maintenance_info} is not the plan's (OSB 422 {@code MaintenanceInfoConflict}): the
 * platform's catalog is out of date, or it asks for an upgrade the plan does not offer.
 */
public class MaintenanceInfoConflictException extends ConflictException {

    public MaintenanceInfoConflictException(String message) {
        super(message);
    }
}
