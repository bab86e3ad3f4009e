package io.hoplink.naming;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where a path goes when no dentry matches it: the configured namer with the longest matching
 * prefix (the next one when it answers negative, as in Linkerd), the system namers for
 * {@code /$/...}, and nothing (negative) for anything else.
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
    entries.sort(Comparator.comparingInt((Entry e) -> -e.prefix().size())
        .thenComparing(Entry::prefix));
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
    if (path.size() > 0 && path.get(0).equals("#")) {
      throw new DependencyReader.Failure("no namer is configured for " + PathSyntax.show(path)
          + " (configured prefixes: " + entries.stream().map(e -> PathSyntax.show(e.prefix()))
              .collect(Collectors.joining(", ")) + ")");
    }
    return NameTree.neg();
  }
}
