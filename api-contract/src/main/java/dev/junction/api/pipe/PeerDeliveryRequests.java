package dev.junction.api.pipe;

/** What the propagation saga asks of the delivery adapter, which is not an aggregate. */
public final class PeerDeliveryRequests {

    private PeerDeliveryRequests() {
    }

    /**
     * Deliver this end to the peer; the adapter reports the outcome with
     * {@link PipeCommands.RecordPropagationResult}. {@code version} is the version of this end the saga
     * wants delivered ({@link #CURRENT_VERSION}: whatever this end holds now, and nothing when it holds
     * no data); with {@code deletion} it is the notice that the pipe was deleted.
     */
    public record DeliverPipeEnd(String pipeKey, long version, boolean deletion, int attempt) {
        public static final long CURRENT_VERSION = 0;
    }
}
