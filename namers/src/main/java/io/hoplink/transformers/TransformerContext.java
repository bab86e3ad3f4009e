package io.hoplink.transformers;

import static java.util.Objects.requireNonNull;

import io.hoplink.naming.NameInterpreter;
import io.hoplink.naming.NamerContext;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

/**
 * What a transformer may use: the namer context (clock, threads, environment), the addresses of
 * this host's interfaces (for {@code io.l5d.localhost}), and the interpreter over the configured
 * namers with an empty dtab, for transformers that bind a path of their own
 * ({@code io.l5d.const}, {@code io.l5d.replace}); it is asked for on first use.
 */
public record TransformerContext(NamerContext namers, Supplier<List<InetAddress>> localAddresses,
    Supplier<NameInterpreter> interpreter) {
  public TransformerContext {
    requireNonNull(namers, "namers");
    requireNonNull(localAddresses, "localAddresses");
    requireNonNull(interpreter, "interpreter");
  }

  /** The system context, with the given interpreter. */
  public static TransformerContext system(Supplier<NameInterpreter> interpreter) {
    return new TransformerContext(NamerContext.system(), TransformerContext::interfaceAddresses,
        interpreter);
  }

  /** The addresses of every interface that is up. */
  public static List<InetAddress> interfaceAddresses() {
    List<InetAddress> out = new ArrayList<>();
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (nic.isUp()) {
          out.addAll(Collections.list(nic.getInetAddresses()));
        }
      }
    } catch (SocketException e) {
      throw new IllegalStateException("cannot list network interfaces: " + e.getMessage(), e);
    }
    return out;
  }
}
