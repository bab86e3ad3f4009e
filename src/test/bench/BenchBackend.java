// A fixed HTTP/1.1 backend for benchmarks, JDK only: every request gets "200 ok", keep-alive.
//   java src/test/bench/BenchBackend.java PORT [IP]
// One NIO selector thread; a request is everything up to its blank line (GET-style requests
// without a body, which is what wrk sends). Pipelined requests are answered in order.

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

public final class BenchBackend {

    private static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\n"
        + "Content-Type: text/plain\r\n"
        + "Content-Length: 2\r\n"
        + "\r\n"
        + "ok").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END_OF_HEAD = {'\r', '\n', '\r', '\n'};

    /** Per connection: how much of END_OF_HEAD was last seen, and responses not yet written. */
    private static final class Conn {
        int matched;
        ByteBuffer pending = ByteBuffer.allocate(0);
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: java BenchBackend.java PORT [IP]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        String ip = args.length > 1 ? args[1] : "127.0.0.1";
        try (Selector selector = Selector.open(); ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(ip, port), 1024);
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
            System.out.println("bench backend listening on " + ip + ":" + port);
            ByteBuffer in = ByteBuffer.allocateDirect(64 * 1024);
            while (true) {
                selector.select();
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    try {
                        if (key.isAcceptable()) {
                            accept(server, selector);
                        } else {
                            serve(key, in);
                        }
                    } catch (IOException e) {
                        key.cancel();
                        key.channel().close();
                    }
                }
            }
        }
    }

    private static void accept(ServerSocketChannel server, Selector selector) throws IOException {
        SocketChannel channel;
        while ((channel = server.accept()) != null) {
            channel.configureBlocking(false);
            channel.socket().setTcpNoDelay(true);
            channel.register(selector, SelectionKey.OP_READ, new Conn());
        }
    }

    private static void serve(SelectionKey key, ByteBuffer in) throws IOException {
        SocketChannel channel = (SocketChannel) key.channel();
        Conn conn = (Conn) key.attachment();
        if (key.isReadable()) {
            in.clear();
            int read = channel.read(in);
            if (read < 0) {
                key.cancel();
                channel.close();
                return;
            }
            in.flip();
            int requests = 0;
            while (in.hasRemaining()) {
                byte b = in.get();
                conn.matched = b == END_OF_HEAD[conn.matched] ? conn.matched + 1 : (b == '\r' ? 1 : 0);
                if (conn.matched == END_OF_HEAD.length) {
                    requests++;
                    conn.matched = 0;
                }
            }
            if (requests > 0) {
                ByteBuffer out = ByteBuffer.allocate(conn.pending.remaining() + requests * RESPONSE.length);
                out.put(conn.pending);
                for (int i = 0; i < requests; i++) {
                    out.put(RESPONSE);
                }
                out.flip();
                conn.pending = out;
            }
        }
        if (conn.pending.hasRemaining()) {
            channel.write(conn.pending);
        }
        key.interestOps(conn.pending.hasRemaining() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ);
    }
}
