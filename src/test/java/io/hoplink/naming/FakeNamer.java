package io.hoplink.naming;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A namer whose services tests set by hand: id = prefix + service, residual = the rest. */
final class FakeNamer implements Namer {
  private final Path idPrefix;
  private final Map<String, Var.Settable<Activity.State<NameTree<Name>>>> trees =
      new ConcurrentHashMap<>();
  private final Map<String, Var.Settable<Addr>> addrs = new ConcurrentHashMap<>();

  Path prefix() {
    return idPrefix;
  }

  FakeNamer(String idPrefix, String... services) {
    this.idPrefix = Path.read(idPrefix);
    for (String service : services) {
      bind(service, Address.of("10.0.0." + (service.length() % 250 + 1), 8080));
    }
  }

  /** The service exists with these endpoints. */
  void bind(String service, Address... endpoints) {
    addr(service).set(Addr.bound(Set.of(endpoints)));
    tree(service).set(new Activity.Ok<>(NameTree.leaf(
        new Name.Bound(idPrefix.append(service), Path.empty(), addr(service)))));
  }

  void set(String service, Activity.State<NameTree<Name>> state) {
    tree(service).set(state);
  }

  Var.Settable<Addr> addr(String service) {
    return addrs.computeIfAbsent(service, s -> Var.settable(Addr.NEG));
  }

  Var.Settable<Activity.State<NameTree<Name>>> tree(String service) {
    return trees.computeIfAbsent(service, s -> Var.settable(new Activity.Ok<>(NameTree.neg())));
  }

  @Override
  public Activity<NameTree<Name>> lookup(Path path) {
    if (path.isEmpty()) {
      return Activity.value(NameTree.neg());
    }
    Path residual = path.drop(1);
    return Activity.of(tree(path.get(0))).map(t -> t.map(name -> name instanceof Name.Bound b
        ? new Name.Bound(b.id(), b.residual().concat(residual), b.addr()) : name));
  }
}
