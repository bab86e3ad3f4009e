package io.hoplink.naming;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where a path goes when no dentry matches it, as in Linkerd's {@code ConfiguredNamersInterpreter}:
 * the configured namers whose prefix matches, in the order given (Linkerd hands them over in
 * reverse config order, see the router's Hoplink), first match wins (the next one when it
 * answers negative); then the system namers for {@code /$/...}; anything else, a
 * {@code /#/} path no namer serves included, is negative, so that an alternative ({@code |})
 * falls back past it.
 */
final class NamerTable {
  private record Entry(Path prefix, Namer namer) {}

  private record LookupKey(Path prefix, Path path) {}

  private final List<Entry> entries = new ArrayList<>();

  NamerTable(Map<Path, Namer> namersByPrefix) {
    namersByPrefix.forEach((prefix, namer) -> {
      if (prefix.isEmpty()) {
        throw new IllegalArgumentException("a namer prefix must not be empty");
      }
      entries.add(new Entry(prefix, java.util.Objects.requireNonNull(namer, "namer")));
    });
  }

  NameTree<Name> lookup(Path path, DependencyReader reader) {
    boolean matched = false;
    for (Entry entry : entries) {
      if (path.startsWith(entry.prefix())) {
        matched = true;
        Activity<NameTree<Name>> activity = reader.memo(new LookupKey(entry.prefix(), path),
            () -> entry.namer().lookup(path.drop(entry.prefix().size())));
        NameTree<Name> tree = reader.await(activity);
        if (!(tree instanceof NameTree.Neg)) {
          return tree;
        }
      }
    }
    if (matched) {
      return NameTree.neg();
    }
    if (path.size() > 0 && path.get(0).equals("$")) {
      return SystemNamers.lookup(path);
    }
    return NameTree.neg();
  }
}
