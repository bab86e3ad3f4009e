package io.hoplink.naming;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders a {@link DelegateTree} in the shape of Linkerd's DelegateApiHandler JSON. */
final class DelegateTreeJson {
  private DelegateTreeJson() {}

  static Map<String, Object> toPlain(DelegateTree tree) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("type", type(tree));
    // As Linkerd: the node a dentry ending in ~ made shows ~ as its path, and a node that no
    // dentry made (the start) has no dentry key.
    boolean explicitNeg = tree instanceof DelegateTree.Neg && tree.dentry() != null
        && tree.dentry().dst() instanceof NameTree.Neg;
    out.put("path", explicitNeg ? "~" : PathSyntax.show(tree.path()));
    if (tree.dentry() != null) {
      out.put("dentry", dentry(tree.dentry()));
    }
    if (tree instanceof DelegateTree.Delegate d) {
      out.put("delegate", toPlain(d.tree()));
    } else if (tree instanceof DelegateTree.Alt alt) {
      List<Object> alts = new ArrayList<>();
      alt.trees().forEach(t -> alts.add(toPlain(t)));
      out.put("alt", alts);
    } else if (tree instanceof DelegateTree.Union union) {
      List<Object> parts = new ArrayList<>();
      for (DelegateTree.Weighted w : union.trees()) {
        Map<String, Object> part = new LinkedHashMap<>();
        part.put("weight", w.weight());
        part.put("tree", toPlain(w.tree()));
        parts.add(part);
      }
      out.put("union", parts);
    } else if (tree instanceof DelegateTree.Leaf leaf) {
      out.put("bound", bound(leaf));
    } else if (tree instanceof DelegateTree.Exception e) {
      out.put("message", e.message());
    }
    return out;
  }

  private static String type(DelegateTree tree) {
    if (tree instanceof DelegateTree.Delegate) {
      return "delegate";
    } else if (tree instanceof DelegateTree.Alt) {
      return "alt";
    } else if (tree instanceof DelegateTree.Union) {
      return "union";
    } else if (tree instanceof DelegateTree.Leaf) {
      return "leaf";
    } else if (tree instanceof DelegateTree.Neg) {
      return "neg";
    } else if (tree instanceof DelegateTree.Fail) {
      return "fail";
    } else if (tree instanceof DelegateTree.Empty) {
      return "empty";
    }
    return "exception";
  }

  private static Object dentry(Dentry dentry) {
    if (dentry == null) {
      return null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("prefix", dentry.prefix().show());
    out.put("dst", dentry.dst().show());
    return out;
  }

  private static Map<String, Object> bound(DelegateTree.Leaf leaf) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (leaf.name() instanceof Name.Bound bound) {
      out.put("addr", addr(bound.addr().get()));
      out.put("id", PathSyntax.show(bound.id()));
      out.put("path", PathSyntax.show(bound.residual()));
    } else {
      out.put("addr", Map.of("type", "neg"));
      out.put("id", PathSyntax.show(((Name.Path) leaf.name()).path()));
      out.put("path", "/");
    }
    return out;
  }

  static Map<String, Object> addr(Addr addr) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (addr instanceof Addr.Bound bound) {
      out.put("type", "bound");
      List<Object> addrs = new ArrayList<>();
      bound.addresses().stream()
          .sorted((a, b) -> a.hostPort().compareTo(b.hostPort()))
          .forEach(a -> addrs.add(address(a)));
      out.put("addrs", addrs);
      out.put("meta", Map.of());
    } else if (addr instanceof Addr.Failed failed) {
      out.put("type", "failed");
      out.put("cause", failed.reason());
    } else {
      out.put("type", addr instanceof Addr.Pending ? "pending" : "neg");
    }
    return out;
  }

  private static Map<String, Object> address(Address a) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("ip", a.host());
    out.put("port", a.port());
    Map<String, Object> meta = new LinkedHashMap<>(a.meta());
    if (a.weight() != 1.0) {
      meta.put("endpoint_addr_weight", a.weight());
    }
    out.put("meta", meta);
    return out;
  }
}
