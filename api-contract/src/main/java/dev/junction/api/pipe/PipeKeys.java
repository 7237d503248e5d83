package dev.junction.api.pipe;

/** Aggregate identifiers: a pipe is identified by its resource and its id. */
public final class PipeKeys {

    private PipeKeys() {
    }

    public static String pipe(String resource, String pipeId) {
        return resource + "/" + pipeId;
    }

    public static String blueprint(String resource, BlueprintKind kind, String blueprint) {
        return resource + "/" + kind.path() + "/" + blueprint;
    }

    /** The resource part of a pipe key. */
    public static String resourceOf(String pipeKey) {
        return pipeKey.substring(0, pipeKey.indexOf('/'));
    }
}
