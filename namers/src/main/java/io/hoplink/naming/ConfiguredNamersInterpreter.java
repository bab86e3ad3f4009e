package io.hoplink.naming;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * Linkerd's {@code default} interpreter: binds through the dtab and the configured namers,
 * keyed by their full dtab prefix such as {@code /#/io.l5d.fs}, plus the {@code /$/} system
 * namers. Bindings follow discovery: the returned activity changes when a namer's answer does.
 */
public final class ConfiguredNamersInterpreter implements NameInterpreter, Delegator {
  private final Binder binder;
  private final DelegateBinder delegator;

  public ConfiguredNamersInterpreter(Map<Path, Namer> namersByPrefix) {
    requireNonNull(namersByPrefix, "namersByPrefix");
    NamerTable table = new NamerTable(namersByPrefix);
    this.binder = new Binder(table);
    this.delegator = new DelegateBinder(binder);
  }

  /** Whether {@code kind} is a system namer ({@code /$/<kind>/...}) this interpreter knows. */
  public static boolean isSystemNamer(String kind) {
    return SystemNamers.isKnown(kind);
  }

  @Override
  public Activity<NameTree<Name.Bound>> bind(Dtab dtab, Path path) {
    requireNonNull(dtab, "dtab");
    requireNonNull(path, "path");
    return DerivedVar.activity(reader -> binder.bind(dtab, path, reader));
  }

  @Override
  public DelegateTree delegate(Dtab dtab, Path path) {
    requireNonNull(dtab, "dtab");
    requireNonNull(path, "path");
    return delegator.delegate(dtab, path);
  }
}
