package io.hoplink.naming;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The namers under {@code /$/} that need no config, as in Finagle and Linkerd:
 * <ul>
 * <li>{@code /$/inet/<host>/<port>/<residual...>}: bound to host:port; the residual is kept.
 * <li>{@code /$/io.buoyant.rinet/<port>/<host>}: the same with port first; like Linkerd, the
 *     rest of the path is dropped.
 * <li>{@code /$/io.buoyant.hostportPfx/<pfx>/<host:port>/...} rewrites to
 *     {@code /<pfx>/<host>/<port>/...}; {@code io.buoyant.porthostPfx} to
 *     {@code /<pfx>/<port>/<host>/...}.
 * <li>{@code /$/io.buoyant.http.domainToPathPfx/<pfx>/<www.example.com>/...} rewrites to
 *     {@code /<pfx>/com/example/www/...}.
 * <li>{@code /$/nil} is empty and {@code /$/fail} fails.
 * </ul>
 * A name that does not fit its namer's shape is negative; an unknown namer fails.
 */
final class SystemNamers {
  private static final Pattern PORT_LABEL = Pattern.compile("[a-z0-9][-a-z0-9]*[a-z0-9]?");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:_-]+");
  private static final List<String> KNOWN = List.of("inet", "io.buoyant.rinet",
      "io.buoyant.hostportPfx", "io.buoyant.porthostPfx", "io.buoyant.http.domainToPathPfx",
      "nil", "fail");

  private SystemNamers() {}

  /** Looks up {@code path}, which starts with {@code $}. */
  static NameTree<Name> lookup(Path path) {
    String kind = path.size() > 1 ? path.get(1) : "";
    Path rest = path.drop(2);
    switch (kind) {
      case "inet":
        return inet(path.take(4), rest.size() >= 2 ? rest.get(0) : null, rest.size() >= 2 ? rest.get(1) : null,
            rest.drop(2));
      case "io.buoyant.rinet":
        return inet(path.take(4), rest.size() >= 2 ? rest.get(1) : null, rest.size() >= 2 ? rest.get(0) : null,
            Path.empty());
      case "io.buoyant.hostportPfx":
        return splitHostPort(rest, false);
      case "io.buoyant.porthostPfx":
        return splitHostPort(rest, true);
      case "io.buoyant.http.domainToPathPfx":
        return domainToPath(rest);
      case "nil":
        return NameTree.empty();
      case "fail":
        return NameTree.fail();
      default:
        throw new DependencyReader.Failure("unknown system namer " + PathSyntax.show(path.take(2))
            + " in " + PathSyntax.show(path) + " (known: /$/" + String.join(", /$/", KNOWN) + ")");
    }
  }

  private static NameTree<Name> inet(Path id, String host, String port, Path residual) {
    int portNumber = port == null ? -1 : parsePort(port);
    if (host == null || portNumber < 0) {
      return NameTree.neg();
    }
    Var<Addr> addr = Var.value(Addr.bound(Set.of(Address.of(host, portNumber))));
    return NameTree.leaf(new Name.Bound(id, residual, addr));
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

  private static NameTree<Name> domainToPath(Path rest) {
    if (rest.size() < 2 || !HOST.matcher(rest.get(1)).matches()) {
      return NameTree.neg();
    }
    List<String> labels = new ArrayList<>();
    labels.add(rest.get(0));
    String[] domain = rest.get(1).split("\\.");
    for (int i = domain.length - 1; i >= 0; i--) {
      if (!domain[i].isEmpty()) {
        labels.add(domain[i]);
      }
    }
    return NameTree.leaf(Name.path(Path.of(labels).concat(rest.drop(2))));
  }
}
