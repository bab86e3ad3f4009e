package io.hoplink.router;

import io.hoplink.config.HoplinkConfig;
import io.hoplink.config.Located;
import io.hoplink.config.PluginConfig;
import io.hoplink.config.RouterConfig;
import io.hoplink.naming.ConfiguredNamersInterpreter;
import io.hoplink.naming.Dentry;
import io.hoplink.naming.Dtab;
import io.hoplink.naming.NameTree;
import io.hoplink.naming.NamerConfig;
import io.hoplink.naming.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What in the routers' dtabs would only show at request time: a branch through a {@code /#/}
 * prefix that no configured namer serves (negative, as in Linkerd, so it silently binds to
 * nothing) or an unknown {@code /$/} system namer (the binding fails). One warning each, with
 * the dentry and the dtab's line:column.
 */
final class DtabLint {
  private DtabLint() {}

  static List<String> warnings(HoplinkConfig config) {
    List<Path> prefixes = new ArrayList<>();
    for (PluginConfig namer : config.namers()) {
      if (namer instanceof NamerConfig nc) {
        prefixes.add(nc.dtabPrefix());
      }
    }
    List<String> out = new ArrayList<>();
    for (RouterConfig router : config.routers()) {
      Located<String> at = router.dtab();
      Dtab dtab;
      try {
        dtab = Dtab.read(at.value());
      } catch (IllegalArgumentException e) {
        continue; // a bad dtab is a config error of its own
      }
      List<Integer> starts = dentryStarts(at.value());
      for (int i = 0; i < dtab.entries().size(); i++) {
        Dentry dentry = dtab.entries().get(i);
        String position = i < starts.size() ? at.dentryPosition(starts.get(i))
            : at.line() + ":" + at.column();
        List<Path> leaves = new ArrayList<>();
        leaves(dentry.dst(), leaves);
        for (Path leaf : leaves) {
          String problem = problem(leaf, prefixes);
          if (problem != null) {
            out.add(at.path() + ": dentry '" + dentry.show() + "' " + problem + " at "
                + position);
          }
        }
      }
    }
    return out;
  }

  /**
   * Where each dentry of a dtab that parsed starts: its {@code ;}-separated parts (a {@code ;}
   * in a path is always escaped), blank ones left out.
   */
  private static List<Integer> dentryStarts(String text) {
    List<Integer> starts = new ArrayList<>();
    int start = 0;
    while (start <= text.length()) {
      int end = text.indexOf(';', start);
      end = end < 0 ? text.length() : end;
      if (!text.substring(start, end).isBlank()) {
        starts.add(start);
      }
      start = end + 1;
    }
    return starts;
  }

  private static String problem(Path leaf, List<Path> prefixes) {
    if (leaf.size() >= 2 && leaf.get(0).equals("#")
        && prefixes.stream().noneMatch(p -> leaf.startsWith(p) || p.startsWith(leaf))) {
      return "names " + leaf.take(2).show() + ", which no namer serves (namers: "
          + (prefixes.isEmpty() ? "none" : prefixes.stream().map(Path::show)
              .collect(Collectors.joining(", "))) + "): that branch binds to nothing (~)";
    }
    if (leaf.size() >= 2 && leaf.get(0).equals("$")
        && !ConfiguredNamersInterpreter.isSystemNamer(leaf.get(1))) {
      return "names " + leaf.take(2).show() + ", an unknown system namer: binding it fails";
    }
    return null;
  }

  private static void leaves(NameTree<Path> tree, List<Path> out) {
    if (tree instanceof NameTree.Leaf<Path> leaf) {
      out.add(leaf.value());
    } else if (tree instanceof NameTree.Alt<Path> alt) {
      alt.trees().forEach(t -> leaves(t, out));
    } else if (tree instanceof NameTree.Union<Path> union) {
      union.trees().forEach(w -> leaves(w.tree(), out));
    }
  }
}
