package io.hoplink.router;

import io.hoplink.naming.Address;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The addresses this process listens on (its routers' servers and the admin server), so that a
 * request steered by its own dtab can be kept from them. Filled as each server binds; read on
 * every attempt of such a request, so each change publishes a new immutable list.
 */
final class Listeners {
  private record Listener(InetAddress ip, int port) {}

  private final Set<InetAddress> localAddresses;
  private volatile List<Listener> listeners = List.of();

  private Listeners(Set<InetAddress> localAddresses) {
    this.localAddresses = localAddresses;
  }

  /** With the machine's own addresses, read once (a wildcard listener answers on each). */
  static Listeners ofThisMachine() {
    Set<InetAddress> local = new HashSet<>();
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        local.addAll(Collections.list(nic.getInetAddresses()));
      }
    } catch (SocketException e) {
      // loopback still counts below; the interface list is a best effort
    }
    return new Listeners(Set.copyOf(local));
  }

  /** For tests: these addresses are this machine's. */
  static Listeners of(Set<InetAddress> localAddresses) {
    return new Listeners(Set.copyOf(localAddresses));
  }

  /** A server now listens on {@code ip:port} ({@code ip} a literal; 0.0.0.0 or :: for all). */
  synchronized void add(String ip, int port) {
    List<Listener> next = new ArrayList<>(listeners);
    next.add(new Listener(literal(ip), port));
    listeners = List.copyOf(next);
  }

  /** The server on {@code ip:port} has stopped listening (a config reload moved it). */
  synchronized void remove(String ip, int port) {
    List<Listener> next = new ArrayList<>(listeners);
    next.remove(new Listener(literal(ip), port));
    listeners = List.copyOf(next);
  }

  /**
   * Whether {@code address} may reach one of the listeners. A host that is not an IP literal
   * (it would need DNS to tell) counts when its port is a listener's: in doubt, it is refused.
   */
  boolean reaches(Address address) {
    List<Listener> now = listeners;
    InetAddress target = null;
    boolean parsed = false;
    for (Listener listener : now) {
      if (listener.port != address.port()) {
        continue;
      }
      if (!parsed) {
        target = "localhost".equalsIgnoreCase(address.host())
            ? InetAddress.getLoopbackAddress() : literal(address.host());
        parsed = true;
      }
      // 0.0.0.0 or :: as a destination is this machine: it reaches a listener on any address.
      if (target == null || target.isAnyLocalAddress() || target.equals(listener.ip)
          || listener.ip.isAnyLocalAddress()
          && (target.isLoopbackAddress() || target.isAnyLocalAddress()
              || localAddresses.contains(target))) {
        return true;
      }
    }
    return false;
  }

  private static InetAddress literal(String host) {
    byte[] bytes = NetUtil.createByteArrayFromIpAddressString(host);
    if (bytes == null) {
      return null;
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (java.net.UnknownHostException e) {
      return null;
    }
  }
}
