package dev.junction.api.instance;

/**
 * OSB {@code maintenance_info} of a plan or an instance: {@code version} is the plan's stencil version as
 * its image declares it (semantic versioning), {@code description} names the image it was read from.
 * Two are the same maintenance when their versions are equal; the description only informs.
 */
public record MaintenanceInfo(String version, String description) {

    /** Whether {@code other} names the same version (two absent ones are the same). */
    public static boolean sameVersion(MaintenanceInfo one, MaintenanceInfo other) {
        String a = one == null ? null : one.version();
        String b = other == null ? null : other.version();
        return a == null ? b == null : a.equals(b);
    }
}
