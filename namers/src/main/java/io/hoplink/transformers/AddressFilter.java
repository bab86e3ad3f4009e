package io.hoplink.transformers;

import io.hoplink.naming.Activity;
import io.hoplink.naming.Addr;
import io.hoplink.naming.Address;
import io.hoplink.naming.Name;
import io.hoplink.naming.NameTree;
import io.hoplink.naming.Path;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Keeps the endpoints a predicate accepts and prefixes each bound id. An endpoint set that
 * filters down to nothing becomes negative, as in Linkerd.
 */
final class AddressFilter implements NameTreeTransformer {
  private final Path idPrefix;
  private final Predicate<Address> keep;

  AddressFilter(Path idPrefix, Predicate<Address> keep) {
    this.idPrefix = idPrefix;
    this.keep = keep;
  }

  @Override
  public Activity<NameTree<Name.Bound>> transform(NameTree<Name.Bound> tree) {
    return Activity.value(Transformers.prefixed(tree, idPrefix, b -> b.addr().map(this::filter)));
  }

  Addr filter(Addr addr) {
    if (!(addr instanceof Addr.Bound bound)) {
      return addr;
    }
    Set<Address> kept = bound.addresses().stream().filter(keep).collect(Collectors.toSet());
    return kept.isEmpty() ? Addr.NEG : Addr.bound(kept);
  }
}
