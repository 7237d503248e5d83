package dev.junction.infra.container;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * Writes a container's stdin once over its own attach connection, then half-closes that connection so the
 * engine closes the container's stdin (the container was created with stdin-once) and a reader sees EOF.
 * docker-java's hijacked attach writes stdin but never half-closes, so a reader would wait forever.
 * Plain {@code unix://} and {@code tcp://} engines only.
 */
final class StdinFeeder implements Closeable {

    private static final int MAX_HEADER = 16 * 1024;

    private final SocketChannel channel;

    private StdinFeeder(SocketChannel channel) {
        this.channel = channel;
    }

    /** Opens the attach connection (before the container starts, so no byte waits on a missing reader). */
    static StdinFeeder attach(String host, String containerId) throws IOException {
        SocketChannel channel = open(host);
        try {
            String request = "POST /containers/" + containerId + "/attach?stream=1&stdin=1&stdout=0&stderr=0 HTTP/1.1\r\n"
                    + "Host: docker\r\nConnection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: 0\r\n\r\n";
            writeAll(channel, request.getBytes(StandardCharsets.US_ASCII));
            String status = readHeader(channel);
            if (!status.startsWith("HTTP/1.1 101") && !status.startsWith("HTTP/1.1 200")) {
                throw new IOException("the engine refused to attach stdin: " + status.lines().findFirst().orElse(""));
            }
            return new StdinFeeder(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static SocketChannel open(String host) throws IOException {
        if (host.startsWith("unix://")) {
            return SocketChannel.open(UnixDomainSocketAddress.of(host.substring("unix://".length())));
        }
        if (host.startsWith("tcp://")) {
            URI uri = URI.create(host);
            return SocketChannel.open(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 2375 : uri.getPort()));
        }
        throw new IOException("cannot feed stdin through engine address " + host);
    }

    private static String readHeader(SocketChannel channel) throws IOException {
        StringBuilder header = new StringBuilder();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (header.length() < MAX_HEADER && !header.toString().endsWith("\r\n\r\n")) {
            one.clear();
            if (channel.read(one) < 0) {
                throw new IOException("the engine closed the stdin connection");
            }
            header.append((char) (one.get(0) & 0xff));
        }
        return header.toString();
    }

    private static void writeAll(SocketChannel channel, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    /** Writes the bytes and ends the container's stdin. */
    void feed(byte[] bytes) throws IOException {
        writeAll(channel, bytes);
        channel.shutdownOutput();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
