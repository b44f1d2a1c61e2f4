package dev.migrator.etcd.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.opentest4j.TestAbortedException;

/**
 * The etcd server of the tests, resolved once per JVM: {@code MIGRATOR_TEST_ETCD_URL} when set (e.g.
 * {@code http://127.0.0.1:2379}), else an etcd answering on 127.0.0.1:2379 (the one {@code .ci/run} starts), else one
 * started here from {@code /usr/bin/etcd} (Debian's {@code etcd-server}) on free ports with a temporary data directory,
 * stopped when the JVM exits. With {@code CI=true} no server is a failure, elsewhere a skip.
 */
public final class EtcdServers {

    private static volatile String endpoint;

    private EtcdServers() {}

    /** The server's client endpoint, {@code host:port}. */
    public static synchronized String endpoint() {
        if (endpoint == null) {
            endpoint = resolve();
        }
        return endpoint;
    }

    private static String resolve() {
        List<String> tried = new ArrayList<>();
        String env = System.getenv("MIGRATOR_TEST_ETCD_URL");
        if (env != null && !env.isBlank()) {
            String hostPort = env.trim().replaceFirst("^[a-z]+://", "").replaceFirst("/.*$", "");
            if (!healthy(hostPort)) {
                throw new AssertionError("MIGRATOR_TEST_ETCD_URL " + env + " does not answer /health. Fix or unset it.");
            }
            return hostPort;
        }
        tried.add("MIGRATOR_TEST_ETCD_URL (not set)");
        if (healthy("127.0.0.1:2379")) {
            return "127.0.0.1:2379";
        }
        tried.add("127.0.0.1:2379 (no healthy etcd)");
        Path binary = Path.of("/usr/bin/etcd");
        if (Files.isExecutable(binary)) {
            try {
                return start(binary);
            } catch (IOException | RuntimeException e) {
                tried.add("starting " + binary + " (" + e + ")");
            }
        } else {
            tried.add(binary + " (not installed: apt-get install etcd-server)");
        }
        String message = "No etcd server for the tests; tried: " + String.join("; ", tried)
                + ". Install etcd-server, or set MIGRATOR_TEST_ETCD_URL to a running etcd.";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(message);
        }
        throw new TestAbortedException(message);
    }

    private static String start(Path binary) throws IOException {
        int client = freePort();
        int peer = freePort();
        Path dir = Files.createTempDirectory("migrator-etcd-test");
        String clientUrl = "http://127.0.0.1:" + client;
        String peerUrl = "http://127.0.0.1:" + peer;
        Process process = new ProcessBuilder(binary.toString(), "--name", "migrator-test", "--data-dir", dir.resolve("data").toString(),
                "--listen-client-urls", clientUrl, "--advertise-client-urls", clientUrl,
                "--listen-peer-urls", peerUrl, "--initial-advertise-peer-urls", peerUrl,
                "--initial-cluster", "migrator-test=" + peerUrl)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("etcd.log").toFile())
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary directory
            }
        }));
        String hostPort = "127.0.0.1:" + client;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("etcd exited with " + process.exitValue() + "; see " + dir.resolve("etcd.log"));
            }
            if (healthy(hostPort)) {
                return hostPort;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting etcd", e);
            }
        }
        process.destroy();
        throw new IllegalStateException("etcd did not answer /health at " + hostPort + " within 20 s; see " + dir.resolve("etcd.log"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        }
    }

    /** Whether {@code GET /health} answers {@code "health":"true"} (a plain HTTP/1.0 request). */
    static boolean healthy(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))), 500);
            socket.setSoTimeout(2000);
            socket.getOutputStream().write(("GET /health HTTP/1.0\r\nHost: " + hostPort + "\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return response.startsWith("HTTP/1.") && response.contains(" 200 ") && response.contains("\"true\"");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
