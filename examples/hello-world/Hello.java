// The "hello" half of Linkerd's hello-world example, JDK only:
//   http_proxy=127.0.0.1:4140 java examples/hello-world/Hello.java [--port 7777] [--ip 127.0.0.1]
//       [--pod-ip IP] [--target world]
// Environment: PORT, IP (bind address), POD_IP (the ip it reports), TARGET (the name it calls),
// http_proxy (http://host:port or host:port; unset or empty: call the target directly).
// Each request calls http://<target>/, expects "world (<ip>)!" and answers
// "Hello (<its ip>) world (<world's ip>)!", forwarding every l5d-ctx-* header it received.

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public final class Hello {

    private static final Pattern WORLD_REPLY = Pattern.compile("world \\((.*)\\)!\\s*");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    public static void main(String[] args) throws IOException {
        Map<String, String> opts = options(args, "port", "ip", "pod-ip", "target");
        int port = Integer.parseInt(setting(opts, "port", "PORT", "7777"));
        String bind = setting(opts, "ip", "IP", "127.0.0.1");
        String podIp = setting(opts, "pod-ip", "POD_IP", reportedIp(bind));
        String target = setting(opts, "target", "TARGET", "world");
        URI worldUri = URI.create(target.contains("://") ? target : "http://" + target + "/");
        InetSocketAddress proxy = parseProxy(System.getenv("http_proxy"));

        HttpClient.Builder client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT);
        if (proxy != null) {
            client.proxy(ProxySelector.of(proxy));
        }
        String via = proxy == null ? "directly" : "via proxy " + proxy.getHostString() + ":" + proxy.getPort();
        Caller caller = new Caller(client.build(), worldUri, via, podIp);

        HttpServer server = HttpServer.create(new InetSocketAddress(bind, port), 128);
        ExecutorService pool = Executors.newCachedThreadPool();
        server.setExecutor(pool);
        server.createContext("/", caller::handle);
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop(0);
            pool.shutdownNow();
        }));
        System.out.println("hello listening on " + bind + ":" + server.getAddress().getPort()
            + ", reporting ip " + podIp + ", calling " + worldUri + " " + via);
    }

    private record Caller(HttpClient client, URI worldUri, String via, String podIp) {

        void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                HttpRequest.Builder call = HttpRequest.newBuilder(worldUri).timeout(TIMEOUT).GET();
                exchange.getRequestHeaders().forEach((name, values) -> {
                    if (name.toLowerCase(Locale.ROOT).startsWith("l5d-ctx-")) {
                        values.forEach(value -> call.header(name, value));
                    }
                });
                String what = "calling " + worldUri + " " + via;
                HttpResponse<String> response;
                try {
                    response = client.send(call.build(), HttpResponse.BodyHandlers.ofString());
                } catch (IOException e) {
                    reply(exchange, 502, "hello: " + what + " failed: " + e);
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    reply(exchange, 502, "hello: " + what + " was interrupted");
                    return;
                }
                if (response.statusCode() != 200) {
                    reply(exchange, 502, "hello: " + what + " answered " + response.statusCode()
                        + ": " + response.body());
                    return;
                }
                Matcher world = WORLD_REPLY.matcher(response.body());
                if (!world.matches()) {
                    reply(exchange, 502, "hello: " + what + " answered an unexpected body: "
                        + response.body());
                    return;
                }
                reply(exchange, 200, "Hello (" + podIp + ") world (" + world.group(1) + ")!");
            }
        }
    }

    private static void reply(HttpExchange exchange, int status, String text) throws IOException {
        if (status != 200) {
            System.err.println(text);
        }
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        boolean head = "HEAD".equalsIgnoreCase(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** "http://host:port", "host:port" or "host" (port 80); null or blank means no proxy. */
    static InetSocketAddress parseProxy(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String rest = value.trim();
        int scheme = rest.indexOf("://");
        if (scheme >= 0) {
            rest = rest.substring(scheme + 3);
        }
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            rest = rest.substring(0, slash);
        }
        rest = rest.substring(rest.lastIndexOf('@') + 1);
        int colon = rest.lastIndexOf(':');
        if (colon < 0 || rest.endsWith("]")) {
            return InetSocketAddress.createUnresolved(rest, 80);
        }
        try {
            int port = Integer.parseInt(rest.substring(colon + 1));
            return InetSocketAddress.createUnresolved(rest.substring(0, colon), port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("http_proxy: bad port in " + value);
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
