package dev.junction.infra.container;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Gathers a container's output frames: stdout and stderr apart and both interleaved as they came, each
 * kept up to the cap (the rest is counted as dropped), and every chunk passed to the sink as it arrives.
 */
final class OutputCollector extends ResultCallback.Adapter<Frame> {

    private final long cap;
    private final ContainerRuntime.LogSink sink;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();
    private final CountDownLatch finished = new CountDownLatch(1);
    private boolean truncated;

    OutputCollector(long cap, ContainerRuntime.LogSink sink) {
        this.cap = cap;
        this.sink = sink;
    }

    @Override
    public void onNext(Frame frame) {
        byte[] payload = frame.getPayload();
        if (payload == null || payload.length == 0) {
            return;
        }
        boolean isErr = frame.getStreamType() == StreamType.STDERR;
        synchronized (this) {
            keep(isErr ? stderr : stdout, payload);
            keep(log, payload);
        }
        try {
            sink.append(payload, isErr);
        } catch (RuntimeException e) {
            // a failing follower must not cost the run its output
        }
    }

    private void keep(ByteArrayOutputStream into, byte[] payload) {
        long room = cap - into.size();
        if (room >= payload.length) {
            into.write(payload, 0, payload.length);
        } else {
            if (room > 0) {
                into.write(payload, 0, (int) room);
            }
            truncated = true;
        }
    }

    @Override
    public void onComplete() {
        super.onComplete();
        finished.countDown();
    }

    @Override
    public void onError(Throwable throwable) {
        // the stream ends with the container or with close(); what came so far is kept
        finished.countDown();
        try {
            close();
        } catch (java.io.IOException ignored) {
            // already closing
        }
    }

    /** Waits (bounded) for the stream to deliver what the engine still holds after the container exited. */
    void awaitEnd(long millis) {
        try {
            finished.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    synchronized ContainerResult result(int exitCode, boolean timedOut) {
        return new ContainerResult(exitCode, timedOut, stdout.toByteArray(), stderr.toByteArray(), log.toByteArray(),
                truncated);
    }
}
