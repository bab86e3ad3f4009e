package io.hoplink.transformers;

import static io.hoplink.transformers.TransformerTesting.at;
import static io.hoplink.transformers.TransformerTesting.bound;
import static io.hoplink.transformers.TransformerTesting.build;
import static io.hoplink.transformers.TransformerTesting.context;
import static io.hoplink.transformers.TransformerTesting.hostPorts;
import static io.hoplink.transformers.TransformerTesting.leaf;
import static io.hoplink.transformers.TransformerTesting.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.config.ConfigException;
import io.hoplink.naming.Activity;
import io.hoplink.naming.Addr;
import io.hoplink.naming.ConfiguredNamersInterpreter;
import io.hoplink.naming.Name;
import io.hoplink.naming.NameTree;
import io.hoplink.naming.Path;
import io.hoplink.naming.Var;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TransformerPluginsTest {
  private static final TransformerContext CTX = context(Map.of(), List.of(),
      () -> new ConfiguredNamersInterpreter(Map.of()));

  @Test
  @SuppressWarnings("rawtypes") // the service type is the raw interface
  void serviceLoaderFindsEveryLinkerdTransformer() {
    List<String> kinds = ServiceLoader.load(TransformerPlugin.class).stream()
        .map(p -> p.get().kind()).sorted().toList();
    assertEquals(List.of("io.l5d.const", "io.l5d.k8s.daemonset", "io.l5d.k8s.localnode",
        "io.l5d.localhost", "io.l5d.port", "io.l5d.replace", "io.l5d.specificHost"), kinds);
    assertEquals(kinds, List.copyOf(Transformers.registry().kinds()));
  }

  @Test
  void blocksParseWithLinkerdKeysAndDefaultPrefixes() {
    assertEquals(new PortTransformerPlugin.Config("io.l5d.port", Path.read("/io.l5d.port/4141"), 4141),
        parse(new PortTransformerPlugin(), "kind: io.l5d.port\nport: 4141"));
    assertEquals(new PortTransformerPlugin.Config("io.l5d.port", Path.read("/p"), 80),
        parse(new PortTransformerPlugin(), "kind: io.l5d.port\nport: 80\nprefix: /p"));
    assertEquals(new LocalhostTransformerPlugin.Config("io.l5d.localhost", Path.read("/io.l5d.localhost")),
        parse(new LocalhostTransformerPlugin(), "kind: io.l5d.localhost"));
    assertEquals(new SpecificHostTransformerPlugin.Config("io.l5d.specificHost",
        Path.read("/io.l5d.specificHost"), "10.0.0.7"),
        parse(new SpecificHostTransformerPlugin(), "kind: io.l5d.specificHost\nhost: 10.0.0.7"));
    assertEquals(new ConstTransformerPlugin.Config("io.l5d.const", Path.read("/io.l5d.const"),
        Path.read("/$/inet/127.0.0.1/4141")),
        parse(new ConstTransformerPlugin(), "kind: io.l5d.const\npath: /$/inet/127.0.0.1/4141"));
    assertEquals(new ReplaceTransformerPlugin.Config("io.l5d.replace", Path.read("/io.l5d.replace"),
        Path.read("/$/inet/127.0.0.1/4141")),
        parse(new ReplaceTransformerPlugin(), "kind: io.l5d.replace\npath: /$/inet/127.0.0.1/4141"));
  }

  @Test
  void badBlocksAreRejectedWithTheirPath() {
    assertRejected(new PortTransformerPlugin(), "kind: io.l5d.port\nport: 70000",
        "transformers[0].port (io.l5d.port): 70000 (expected: a port from 1 to 65535)");
    assertRejected(new PortTransformerPlugin(), "kind: io.l5d.port",
        "transformers[0] (io.l5d.port): missing required key 'port'");
    assertRejected(new SpecificHostTransformerPlugin(), "kind: io.l5d.specificHost\nhost: example.com",
        "transformers[0].host (io.l5d.specificHost): 'example.com' is not an IP address");
    assertRejected(new ConstTransformerPlugin(), "kind: io.l5d.const\npath: nope",
        "transformers[0].path (io.l5d.const): 'nope' is not a path");
    assertRejected(new LocalhostTransformerPlugin(), "kind: io.l5d.localhost\nport: 1",
        "transformers[0].port (io.l5d.localhost): unknown key 'port' (expected one of: kind, prefix)");
  }

  private static void assertRejected(TransformerPlugin<?> plugin, String yaml, String start) {
    ConfigException e = assertThrows(ConfigException.class, () -> parse(plugin, yaml));
    assertTrue(e.getMessage().startsWith(start), e.getMessage());
  }

  @Test
  void portRewritesEveryEndpointAndFollowsDiscovery() {
    Var.Settable<Addr> addr = Var.settable(Addr.bound(Set.of(at("10.0.0.1", 8080, "a"))));
    Name.Bound out = leaf(build(new PortTransformerPlugin(), "kind: io.l5d.port\nport: 4141", CTX),
        bound("/#/io.l5d.k8s/default/http/world", addr));
    assertEquals(Path.read("/%/io.l5d.port/4141/#/io.l5d.k8s/default/http/world"), out.id());
    assertEquals(Path.read("/residual"), out.residual());
    assertEquals(Set.of("10.0.0.1:4141"), hostPorts(out.addr().get()));
    assertEquals("a", ((Addr.Bound) out.addr().get()).addresses().iterator().next().meta().get("nodeName"));
    addr.set(Addr.bound(Set.of(at("10.0.0.1", 8080, null), at("10.0.0.2", 9090, null))));
    assertEquals(Set.of("10.0.0.1:4141", "10.0.0.2:4141"), hostPorts(out.addr().get()));
    addr.set(Addr.NEG);
    assertEquals(Addr.NEG, out.addr().get());
  }

  @Test
  void localhostKeepsOnlyThisHostsAddresses() throws Exception {
    TransformerContext ctx = context(Map.of(), List.of(InetAddress.getByName("10.0.0.1"),
        InetAddress.getByName("::1")), () -> null);
    Var.Settable<Addr> addr = Var.settable(Addr.bound(Set.of(at("10.0.0.1", 80, null),
        at("10.0.0.2", 80, null), at("0:0:0:0:0:0:0:1", 81, null), at("localhost", 82, null))));
    Name.Bound out = leaf(build(new LocalhostTransformerPlugin(), "kind: io.l5d.localhost", ctx),
        bound("/#/io.l5d.fs/a", addr));
    assertEquals(Path.read("/%/io.l5d.localhost/#/io.l5d.fs/a"), out.id());
    assertEquals(Set.of("10.0.0.1:80", "[0:0:0:0:0:0:0:1]:81"), hostPorts(out.addr().get()));
    addr.set(Addr.bound(Set.of(at("10.0.0.2", 80, null))));
    assertEquals(Addr.NEG, out.addr().get(), "nothing local is negative, as in Linkerd");
  }

  @Test
  void specificHostKeepsOnlyThatHost() {
    Var.Settable<Addr> addr = Var.settable(Addr.bound(Set.of(at("10.0.0.1", 80, null),
        at("10.0.0.7", 80, null), at("10.0.0.7", 81, null))));
    Name.Bound out = leaf(build(new SpecificHostTransformerPlugin(),
        "kind: io.l5d.specificHost\nhost: 10.0.0.7", CTX), bound("/#/io.l5d.fs/a", addr));
    assertEquals(Path.read("/%/io.l5d.specificHost/#/io.l5d.fs/a"), out.id());
    assertEquals(Set.of("10.0.0.7:80", "10.0.0.7:81"), hostPorts(out.addr().get()));
  }

  @Test
  void constBindsItsPathInsteadOfTheTree() {
    NameTreeTransformer t = build(new ConstTransformerPlugin(),
        "kind: io.l5d.const\npath: /$/inet/127.0.0.1/4141", CTX);
    Activity.State<NameTree<Name.Bound>> state = t.transform(NameTree.neg()).current();
    Name.Bound b = ((NameTree.Leaf<Name.Bound>) ((Activity.Ok<NameTree<Name.Bound>>) state).value()).value();
    assertEquals(Path.read("/%/io.l5d.const/$/inet/127.0.0.1/4141"), b.id());
    assertEquals(Set.of("127.0.0.1:4141"), hostPorts(b.addr().get()));
  }

  @Test
  void replacePutsItsPathInPlaceOfEveryLeaf() {
    NameTreeTransformer t = build(new ReplaceTransformerPlugin(),
        "kind: io.l5d.replace\npath: /$/inet/127.0.0.1/4141", CTX);
    Name.Bound a = bound("/#/io.l5d.fs/a", Var.value(Addr.NEG));
    Name.Bound b = bound("/#/io.l5d.fs/b", Var.value(Addr.NEG));
    NameTree<Name.Bound> tree = new NameTree.Union<>(List.of(
        new NameTree.Weighted<>(0.7, NameTree.leaf(a)), new NameTree.Weighted<>(0.3, NameTree.leaf(b))));
    Activity.State<NameTree<Name.Bound>> state = t.transform(tree).current();
    NameTree.Union<Name.Bound> union =
        (NameTree.Union<Name.Bound>) ((Activity.Ok<NameTree<Name.Bound>>) state).value();
    assertEquals(2, union.trees().size());
    for (NameTree.Weighted<Name.Bound> w : union.trees()) {
      Name.Bound leaf = ((NameTree.Leaf<Name.Bound>) w.tree()).value();
      assertEquals(Path.read("/%/io.l5d.replace/$/inet/127.0.0.1/4141"), leaf.id());
      assertEquals(Set.of("127.0.0.1:4141"), hostPorts(leaf.addr().get()));
    }
    assertEquals(NameTree.neg(), ((Activity.Ok<NameTree<Name.Bound>>)
        t.transform(NameTree.neg()).current()).value(), "negative stays negative");
  }
}
