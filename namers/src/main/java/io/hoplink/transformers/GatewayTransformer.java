package io.hoplink.transformers;

import static java.util.Objects.requireNonNull;

import io.hoplink.naming.Activity;
import io.hoplink.naming.Addr;
import io.hoplink.naming.Address;
import io.hoplink.naming.Name;
import io.hoplink.naming.NameTree;
import io.hoplink.naming.Path;
import io.hoplink.naming.Var;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Replaces each endpoint by the gateways that serve it (the router pod on the endpoint's node,
 * for {@code io.l5d.k8s.daemonset}) and prefixes each bound id. Nothing selected is negative,
 * as in Linkerd; unlike Linkerd, while the gateways are not known yet the name is pending
 * rather than routed around the gateways.
 */
public final class GatewayTransformer implements NameTreeTransformer {
  private final Path idPrefix;
  private final Var<Addr> gateways;
  private final BiPredicate<Address, Address> serves;
  private final AutoCloseable resources;

  /**
   * @param serves whether gateway (second) serves endpoint (first)
   * @param resources closed with the transformer (the watch behind {@code gateways})
   */
  public GatewayTransformer(Path idPrefix, Var<Addr> gateways, BiPredicate<Address, Address> serves,
      AutoCloseable resources) {
    this.idPrefix = requireNonNull(idPrefix, "idPrefix");
    this.gateways = requireNonNull(gateways, "gateways");
    this.serves = requireNonNull(serves, "serves");
    this.resources = requireNonNull(resources, "resources");
  }

  @Override
  public Activity<NameTree<Name.Bound>> transform(NameTree<Name.Bound> tree) {
    return Activity.value(Transformers.prefixed(tree, idPrefix,
        b -> Var.combine(b.addr(), gateways, this::select)));
  }

  Addr select(Addr endpoints, Addr gatewayAddr) {
    if (!(endpoints instanceof Addr.Bound bound)) {
      return endpoints;
    }
    if (!(gatewayAddr instanceof Addr.Bound known)) {
      return gatewayAddr;
    }
    Set<Address> selected = new HashSet<>();
    for (Address endpoint : bound.addresses()) {
      for (Address gateway : known.addresses()) {
        if (serves.test(endpoint, gateway)) {
          selected.add(gateway);
        }
      }
    }
    return selected.isEmpty() ? Addr.NEG : Addr.bound(selected);
  }

  /**
   * The gateways known now (for {@code io.l5d.k8s.daemonset}, the router pods on every node):
   * the only addresses this transformer ever puts in a tree. Empty until they are listed.
   */
  public Set<Address> gateways() {
    return gateways.get() instanceof Addr.Bound known ? known.addresses() : Set.of();
  }

  @Override
  public void close() {
    try {
      resources.close();
    } catch (Exception e) {
      System.getLogger(GatewayTransformer.class.getName())
          .log(System.Logger.Level.WARNING, "closing " + idPrefix.show() + " failed", e);
    }
  }
}
