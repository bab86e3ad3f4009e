package io.hoplink.naming;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The namers under {@code /$/} that need no config, as Finagle's {@code Namer.global} and
 * Linkerd's system namers read them:
 * <ul>
 * <li>{@code /$/inet/<host>/<port>/<residual...>}: bound to host:port, the residual kept;
 *     {@code /$/inet/<port>/<residual...>}: the local host's port (0.0.0.0, as Finagle's
 *     {@code new InetSocketAddress(port)}). Any other shape fails, as Finagle's does.
 *     {@code /$/fixedinet} reads the same shapes (Finagle's namer for addresses it resolves
 *     once; hoplink's endpoints are addresses either way).
 * <li>{@code /$/io.buoyant.rinet/<port>/<host>/<residual...>}: the same with port first.
 * <li>{@code /$/io.buoyant.hostportPfx/<pfx>/<host:port>/...} rewrites to
 *     {@code /<pfx>/<host>/<port>/...}; {@code io.buoyant.porthostPfx} to
 *     {@code /<pfx>/<port>/<host>/...}.
 * <li>Linkerd's {@code io.buoyant.http} rewriting namers: {@code anyMethod} and
 *     {@code anyMethodPfx} drop an HTTP method, {@code anyHost} and {@code anyHostPfx} a host,
 *     {@code subdomainOf} and {@code subdomainOfPfx} keep a host's part below a domain, and
 *     {@code domainToPath} and {@code domainToPathPfx} turn {@code www.example.com} into
 *     {@code /com/example/www}.
 * <li>{@code /$/nil} is empty and {@code /$/fail} fails.
 * </ul>
 * A name that does not fit a rewriting namer's shape is negative; an unknown namer fails.
 */
final class SystemNamers {
  private static final Pattern PORT_LABEL = Pattern.compile("[a-z0-9][-a-z0-9]*[a-z0-9]?");
  /** Linkerd's coarse host match: DNS names, IPv4 and IPv6 literals. */
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:_-]+");
  private static final Pattern METHOD = Pattern.compile("[A-Z]+");
  private static final String HTTP = "io.buoyant.http.";
  private static final List<String> KNOWN = List.of("inet", "fixedinet", "io.buoyant.rinet",
      "io.buoyant.hostportPfx", "io.buoyant.porthostPfx", HTTP + "anyMethod",
      HTTP + "anyMethodPfx", HTTP + "anyHost", HTTP + "anyHostPfx", HTTP + "subdomainOf",
      HTTP + "subdomainOfPfx", HTTP + "domainToPath", HTTP + "domainToPathPfx", "nil", "fail");

  private SystemNamers() {}

  static boolean isKnown(String kind) {
    return KNOWN.contains(kind);
  }

  /** Looks up {@code path}, which starts with {@code $}. */
  static NameTree<Name> lookup(Path path) {
    String kind = path.size() > 1 ? path.get(1) : "";
    Path rest = path.drop(2);
    return switch (kind) {
      case "inet", "fixedinet" -> inet(path, rest);
      case "io.buoyant.rinet" -> rest.size() < 2 ? NameTree.neg()
          : bound(path.take(4), rest.get(1), parsePort(rest.get(0)), rest.drop(2));
      case "io.buoyant.hostportPfx" -> splitHostPort(rest, false);
      case "io.buoyant.porthostPfx" -> splitHostPort(rest, true);
      case HTTP + "anyMethod" -> rest.size() >= 1 && METHOD.matcher(rest.get(0)).matches()
          ? rewritten(rest.drop(1)) : NameTree.neg();
      case HTTP + "anyMethodPfx" -> rest.size() >= 2 && METHOD.matcher(rest.get(1)).matches()
          ? rewritten(rest.take(1).concat(rest.drop(2))) : NameTree.neg();
      case HTTP + "anyHost" -> rest.size() >= 1 && HOST.matcher(rest.get(0)).matches()
          ? rewritten(rest.drop(1)) : NameTree.neg();
      case HTTP + "anyHostPfx" -> rest.size() >= 2 && HOST.matcher(rest.get(1)).matches()
          ? rewritten(rest.take(1).concat(rest.drop(2))) : NameTree.neg();
      case HTTP + "subdomainOf" -> rest.size() >= 2
          ? subdomain(rest.get(0), rest.get(1), Path.empty(), rest.drop(2)) : NameTree.neg();
      case HTTP + "subdomainOfPfx" -> rest.size() >= 3
          ? subdomain(rest.get(0), rest.get(2), rest.drop(1).take(1), rest.drop(3))
          : NameTree.neg();
      case HTTP + "domainToPath" -> rest.size() >= 1
          ? domainToPath(Path.empty(), rest.get(0), rest.drop(1)) : NameTree.neg();
      case HTTP + "domainToPathPfx" -> rest.size() >= 2
          ? domainToPath(rest.take(1), rest.get(1), rest.drop(2)) : NameTree.neg();
      case "nil" -> NameTree.empty();
      case "fail" -> NameTree.fail();
      case HTTP + "status" -> throw new DependencyReader.Failure(PathSyntax.show(path.take(2))
          + " answers from inside Linkerd with a fixed status; hoplink does not build it");
      default -> throw new DependencyReader.Failure("unknown system namer "
          + PathSyntax.show(path.take(2)) + " in " + PathSyntax.show(path) + " (known: /$/"
          + String.join(", /$/", KNOWN) + ")");
    };
  }

  /** Finagle's two inet shapes, host first; anything else fails as Finagle's lookup does. */
  private static NameTree<Name> inet(Path path, Path rest) {
    if (rest.size() >= 2 && isInteger(rest.get(1))) {
      return bound(path.take(4), rest.get(0), portOrFail(path, rest.get(1)), rest.drop(2));
    }
    if (rest.size() >= 1 && isInteger(rest.get(0))) {
      return bound(path.take(3), "0.0.0.0", portOrFail(path, rest.get(0)), rest.drop(1));
    }
    throw new DependencyReader.Failure(PathSyntax.show(path)
        + ": expected /$/inet/<host>/<port> or /$/inet/<port>, with a numeric port");
  }

  private static boolean isInteger(String text) {
    try {
      Integer.parseInt(text);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static int portOrFail(Path path, String text) {
    int port = parsePort(text);
    if (port < 0) {
      throw new DependencyReader.Failure(PathSyntax.show(path) + ": port " + text
          + " is out of range (1-65535)");
    }
    return port;
  }

  private static NameTree<Name> bound(Path id, String host, int port, Path residual) {
    if (port < 0) {
      return NameTree.neg();
    }
    Var<Addr> addr = Var.value(Addr.bound(Set.of(Address.of(host, port))));
    return NameTree.leaf(new Name.Bound(id, residual, addr));
  }

  private static NameTree<Name> rewritten(Path path) {
    return NameTree.leaf(Name.path(path));
  }

  /**
   * {@code host} (its port dropped, as Linkerd's Match.dropPort) below {@code domain}: its labels
   * above the domain, one segment.
   */
  private static NameTree<Name> subdomain(String domain, String hostAndPort, Path pfx,
      Path residual) {
    String suffix = "." + domain;
    if (!HOST.matcher(domain).matches() || !HOST.matcher(hostAndPort).matches()) {
      return NameTree.neg();
    }
    int colon = hostAndPort.indexOf(':');
    String host = colon > 0 ? hostAndPort.substring(0, colon) : hostAndPort;
    if (!host.endsWith(suffix) || host.length() == suffix.length()) {
      return NameTree.neg();
    }
    String sub = host.substring(0, host.length() - suffix.length());
    return rewritten(pfx.concat(Path.of(sub)).concat(residual));
  }

  private static int parsePort(String text) {
    try {
      int port = Integer.parseInt(text);
      return port >= 1 && port <= 65535 ? port : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static NameTree<Name> splitHostPort(Path rest, boolean portFirst) {
    if (rest.size() < 2) {
      return NameTree.neg();
    }
    String[] parts = rest.get(1).split(":");
    if (parts.length != 2 || parts[0].isEmpty() || parts[1].length() > 63
        || !PORT_LABEL.matcher(parts[1]).matches()) {
      return NameTree.neg();
    }
    Path head = portFirst ? Path.of(rest.get(0), parts[1], parts[0]) : Path.of(rest.get(0), parts[0], parts[1]);
    return NameTree.leaf(Name.path(head.concat(rest.drop(2))));
  }

  private static NameTree<Name> domainToPath(Path pfx, String host, Path residual) {
    if (!HOST.matcher(host).matches()) {
      return NameTree.neg();
    }
    List<String> labels = new ArrayList<>();
    String[] domain = host.split("\\.");
    for (int i = domain.length - 1; i >= 0; i--) {
      if (!domain[i].isEmpty()) {
        labels.add(domain[i]);
      }
    }
    return rewritten(pfx.concat(Path.of(labels)).concat(residual));
  }
}
