// The "world" half of Linkerd's hello-world example, JDK only:
//   java examples/hello-world/World.java [--port 7778] [--ip 127.0.0.1] [--pod-ip IP]
// Environment: PORT, IP (bind address), POD_IP (the ip it reports). Arguments win.
// Answers every request with "world (<ip>)!".

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

public final class World {

    public static void main(String[] args) throws IOException {
        Map<String, String> opts = options(args, "port", "ip", "pod-ip");
        int port = Integer.parseInt(setting(opts, "port", "PORT", "7778"));
        String bind = setting(opts, "ip", "IP", "127.0.0.1");
        String podIp = setting(opts, "pod-ip", "POD_IP", reportedIp(bind));
        byte[] body = ("world (" + podIp + ")!").getBytes(StandardCharsets.UTF_8);

        HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 128);
        ExecutorService pool = Executors.newCachedThreadPool();
        server.setExecutor(pool);
        server.createContext("/", exchange -> reply(exchange, body));
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(0);
            pool.shutdownNow();
        }));
        System.out.println("world listening on " + bind + ":" + server.getAddress().getPort()
            + ", reporting ip " + podIp);
    }

    private static void reply(HttpExchange exchange, byte[] body) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            boolean head = "HEAD".equalsIgnoreCase(exchange.getRequestMethod());
            exchange.sendResponseHeaders(200, head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    /** The bound address, or this host's address when bound to the wildcard. */
    static String reportedIp(String bind) {
        try {
            InetAddress address = InetAddress.getByName(bind);
            return address.isAnyLocalAddress()
                ? InetAddress.getLocalHost().getHostAddress() : address.getHostAddress();
        } catch (IOException e) {
            return bind;
        }
    }

    /** --name value and --name=value pairs; a name not in {@code known} is an error. */
    static Map<String, String> options(String[] args, String... known) {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + arg);
            }
            int eq = arg.indexOf('=');
            if (eq > 0) {
                opts.put(arg.substring(2, eq), arg.substring(eq + 1));
            } else if (i + 1 < args.length) {
                opts.put(arg.substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException("missing value for " + arg);
            }
        }
        for (String name : opts.keySet()) {
            if (!List.of(known).contains(name)) {
                throw new IllegalArgumentException(
                    "unknown option --" + name + " (known: --" + String.join(", --", known) + ")");
            }
        }
        return opts;
    }

    static String setting(Map<String, String> opts, String arg, String env, String fallback) {
        String value = opts.get(arg);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
