package dev.migrator.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A start line for child JVMs on a loopback port: each child connects ({@link #await(int)}) and blocks reading; once
 * every child is connected the test writes one byte to each ({@link #release()}), so they all go within microseconds
 * of each other, after their slow JVM and manager start-up. Nothing is polled while waiting.
 */
public final class StartBarrier implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> arrived = new ArrayList<>();

    private StartBarrier(ServerSocket server) {
        this.server = server;
    }

    /** Opens the barrier on a free loopback port. */
    public static StartBarrier open() {
        try {
            return new StartBarrier(new ServerSocket(0, 64, InetAddress.getLoopbackAddress()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open a loopback port for the start barrier", e);
        }
    }

    /** The port to give the children. */
    public int port() {
        return server.getLocalPort();
    }

    /**
     * Waits until every child has connected.
     *
     * @throws AssertionError naming the child and its output when one ends first, or how many came in time
     */
    public void awaitArrivals(List<ChildJvm> children, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        server.setSoTimeout(200);
        while (arrived.size() < children.size()) {
            try {
                arrived.add(server.accept());
            } catch (SocketTimeoutException e) {
                for (ChildJvm child : children) {
                    if (!child.isAlive()) {
                        throw new AssertionError(child + " ended before reaching the start barrier:\n" + child.output());
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(arrived.size() + " of " + children.size() + " child JVMs reached the start"
                            + " barrier within " + timeout);
                }
            }
        }
    }

    /** Lets every connected child go. */
    public void release() throws IOException {
        for (Socket s : arrived) {
            s.getOutputStream().write(1);
            s.getOutputStream().flush();
        }
    }

    @Override
    public void close() throws IOException {
        for (Socket s : arrived) {
            s.close();
        }
        server.close();
    }

    /** In the child: connects to the test's barrier and returns when the test releases it. */
    public static void await(int port) throws IOException {
        // Kept open until this JVM ends: closing it early would only make the test's release write fail.
        @SuppressWarnings("resource")
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        InputStream in = s.getInputStream();
        if (in.read() < 0) {
            throw new IOException("The start barrier on port " + port + " closed without releasing this JVM");
        }
    }
}
