package dev.migrator.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One TCP connect to a connection's server before the library's pool tries: a refused connection or an unknown host is
 * known at once, where the pool would retry until its connect timeout (10 s by default) ran out and then report the
 * driver's message. A server that does not answer is left to the library and its timeout (it may be a slow network).
 * Only URLs with one host are probed; anything else (several hosts, a DNS seed list, a socket path) is left alone.
 */
final class ServerProbe {

    /** {@code jdbc:postgresql://host:port/...}, {@code jdbc:mysql://...}, {@code mongodb://...} with one host. */
    private static final Pattern URL = Pattern.compile(
            "(?:jdbc:(postgresql|mysql|mariadb)(?::[a-z]+)?|(mongodb))://(?:[^@/?]*@)?(\\[[^\\]]+\\]|[^:/?,;()\\[]+)"
                    + "(?::(\\d{1,5}))?(?:[/?;].*)?");

    /** What was found, and where. */
    record Refusal(String hostAndPort, String problem) {}

    private ServerProbe() {}

    /** Why the server of {@code url} cannot be reached, when that is certain within {@code timeout}; else empty. */
    static Optional<Refusal> check(String url, Duration timeout) {
        Matcher m = URL.matcher(url);
        if (!m.matches()) {
            return Optional.empty();
        }
        String family = m.group(1) != null ? m.group(1) : m.group(2);
        String host = m.group(3).startsWith("[") ? m.group(3).substring(1, m.group(3).length() - 1) : m.group(3);
        int port = m.group(4) != null ? Integer.parseInt(m.group(4)) : switch (family.toLowerCase(Locale.ROOT)) {
            case "postgresql" -> 5432;
            case "mongodb" -> 27017;
            default -> 3306;
        };
        String where = m.group(3) + ":" + port;
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            return Optional.of(new Refusal(where, "unknown host '" + host + "' (the name does not resolve)"));
        } catch (SecurityException e) {
            return Optional.empty();
        }
        // Refused only when every address refuses: "localhost" may resolve to ::1 first while the server listens on
        // 127.0.0.1, and the drivers try the next address.
        String problem = null;
        for (InetAddress address : addresses) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address, port), (int) Math.max(1, Math.min(timeout.toMillis(),
                        Integer.MAX_VALUE)));
                return Optional.empty();
            } catch (ConnectException e) {
                problem = "connection refused at " + where + " (no server listens there)";
            } catch (NoRouteToHostException e) {
                problem = "no route to host " + host;
            } catch (IOException | IllegalArgumentException | SecurityException e) {
                return Optional.empty(); // a time-out or anything else: the library's connect decides, with its message
            }
        }
        return Optional.ofNullable(problem).map(p -> new Refusal(where, p));
    }
}
