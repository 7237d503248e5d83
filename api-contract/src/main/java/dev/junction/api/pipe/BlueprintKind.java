package dev.junction.api.pipe;

/** Offers are what a resource provides; needs what it consumes. The path segment names it. */
public enum BlueprintKind {
    OFFER("offers"), NEED("needs");

    private final String path;

    BlueprintKind(String path) {
        this.path = path;
    }

    public String path() {
        return path;
    }

    public static BlueprintKind fromPath(String path) {
        for (BlueprintKind kind : values()) {
            if (kind.path.equals(path)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("not a blueprint kind: " + path);
    }
}
