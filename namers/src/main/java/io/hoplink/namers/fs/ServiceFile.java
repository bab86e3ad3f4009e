package io.hoplink.namers.fs;

import io.hoplink.naming.Activity;
import io.hoplink.naming.Addr;
import io.hoplink.naming.Address;
import io.hoplink.naming.Name;
import io.hoplink.naming.NameTree;
import io.hoplink.naming.Path;
import io.hoplink.naming.Var;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the namer knows about one service name: the tree lookups see (a bound leaf while the file
 * exists, negative otherwise) and its endpoints. Changed only by the watcher thread.
 */
final class ServiceFile {
  private final Var.Settable<Activity.State<NameTree<Name>>> tree =
      Var.settable(new Activity.Ok<>(NameTree.neg()));
  private final Var.Settable<Addr> addr = Var.settable(Addr.NEG);
  private final Name.Bound bound;
  private final Activity<NameTree<Name>> activity = Activity.of(tree);
  /** Null while the file does not exist. */
  volatile Fingerprint fingerprint;
  private volatile Set<Address> lastGood;
  private volatile String lastError;
  private volatile Instant lastUpdate;
  private volatile Instant lastErrorAt;
  volatile long lastLookupMillis;

  ServiceFile(Path id) {
    this.bound = new Name.Bound(id, Path.empty(), addr);
  }

  Activity<NameTree<Name>> activity() {
    return activity;
  }

  boolean isObserved() {
    return tree.isObserved() || addr.isObserved();
  }

  /** A good endpoint set replaces the old one. */
  void update(Set<Address> endpoints, Instant now) {
    lastGood = endpoints;
    lastError = null;
    lastUpdate = now;
    addr.set(Addr.bound(endpoints));
    tree.set(new Activity.Ok<>(NameTree.leaf(bound)));
  }

  /** A bad or empty file: keep the last good set; with none, the name exists but has none. */
  void reject(String problem, Instant now, boolean failed) {
    lastError = problem;
    lastErrorAt = now;
    if (lastGood == null) {
      addr.set(failed ? new Addr.Failed(problem) : Addr.bound(Set.of()));
    }
    tree.set(new Activity.Ok<>(NameTree.leaf(bound)));
  }

  /** The file is gone: the name binds to nothing. */
  void delete(Instant now) {
    fingerprint = null;
    lastGood = null;
    lastError = null;
    lastUpdate = now;
    // Endpoints first: whoever sees the name go negative must not still see old endpoints.
    addr.set(Addr.NEG);
    tree.set(new Activity.Ok<>(NameTree.neg()));
  }

  int lastGoodSize() {
    Set<Address> good = lastGood;
    return good == null ? 0 : good.size();
  }

  Map<String, Object> state() {
    Map<String, Object> out = new LinkedHashMap<>();
    Addr current = addr.get();
    out.put("state", current instanceof Addr.Bound ? "bound"
        : current instanceof Addr.Failed ? "failed" : "neg");
    List<Object> endpoints = new ArrayList<>();
    Set<Address> good = lastGood;
    if (good != null) {
      good.stream().sorted(Comparator.comparing(Address::hostPort)).forEach(a -> {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("host", a.host());
        e.put("port", a.port());
        e.put("weight", a.weight());
        endpoints.add(e);
      });
    }
    out.put("endpoints", endpoints);
    out.put("lastError", lastError);
    out.put("lastErrorAt", lastErrorAt == null ? null : lastErrorAt.toString());
    out.put("lastUpdate", lastUpdate == null ? null : lastUpdate.toString());
    return out;
  }

  /** What changes when a file is rewritten or swapped: its identity, size and time. */
  record Fingerprint(Object fileKey, long size, long modifiedNanos, String realPath) {}
}
