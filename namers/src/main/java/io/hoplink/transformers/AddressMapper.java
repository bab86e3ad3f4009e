package io.hoplink.transformers;

import io.hoplink.naming.Activity;
import io.hoplink.naming.Addr;
import io.hoplink.naming.Address;
import io.hoplink.naming.Name;
import io.hoplink.naming.NameTree;
import io.hoplink.naming.Path;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/** Rewrites every endpoint (its port, say) and prefixes each bound id. */
final class AddressMapper implements NameTreeTransformer {
  private final Path idPrefix;
  private final UnaryOperator<Address> rewrite;

  AddressMapper(Path idPrefix, UnaryOperator<Address> rewrite) {
    this.idPrefix = idPrefix;
    this.rewrite = rewrite;
  }

  @Override
  public Activity<NameTree<Name.Bound>> transform(NameTree<Name.Bound> tree) {
    return Activity.value(Transformers.prefixed(tree, idPrefix, b -> b.addr().map(this::map)));
  }

  private Addr map(Addr addr) {
    if (!(addr instanceof Addr.Bound bound)) {
      return addr;
    }
    return Addr.bound(bound.addresses().stream().map(rewrite).collect(Collectors.toSet()));
  }
}
