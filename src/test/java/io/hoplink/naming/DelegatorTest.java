package io.hoplink.naming;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DelegatorTest {
  private final FakeNamer fs = new FakeNamer("/#/io.l5d.fs", "hello");
  private final Delegator delegator =
      new ConfiguredNamersInterpreter(Map.of(Path.read("/#/io.l5d.fs"), fs));

  @Test
  void showsEachRewriteWithTheDentryThatMadeIt() {
    fs.bind("hello", Address.of("10.0.0.1", 8080));
    Map<String, Object> json = delegator.delegate(Dtab.read("/svc=>/#/io.l5d.fs"),
        Path.read("/svc/hello/x")).toPlain();
    Map<String, Object> addr = map("type", "bound",
        "addrs", List.of(map("ip", "10.0.0.1", "port", 8080, "meta", Map.of())), "meta", Map.of());
    Map<String, Object> leaf = map("type", "leaf", "path", "/#/io.l5d.fs/hello/x",
        "dentry", map("prefix", "/svc", "dst", "/#/io.l5d.fs"),
        "bound", map("addr", addr, "id", "/#/io.l5d.fs/hello", "path", "/x"));
    assertEquals(map("type", "delegate", "path", "/svc/hello/x", "delegate", leaf),
        json);
  }

  @Test
  void showsEveryAlternativeAndWhyItFailed() {
    DelegateTree tree = delegator.delegate(
        Dtab.read("/svc=>/#/io.l5d.fs/missing | /#/io.l5d.fs/hello;/svc/hello=>!"),
        Path.read("/svc/hello"));
    Map<String, Object> json = tree.toPlain();
    // Linkerd flattens the alternatives of one path: the later dentry's, then the earlier's.
    assertEquals("alt", json.get("type"));
    List<?> alts = (List<?>) json.get("alt");
    assertEquals(List.of("fail", "neg", "leaf"),
        alts.stream().map(a -> ((Map<?, ?>) a).get("type")).toList());
    assertEquals(map("prefix", "/svc/hello", "dst", "!"), ((Map<?, ?>) alts.get(0)).get("dentry"));
    assertEquals("/#/io.l5d.fs/missing/hello", ((Map<?, ?>) alts.get(1)).get("path"));
    assertEquals("/#/io.l5d.fs/hello/hello", ((Map<?, ?>) alts.get(2)).get("path"));
  }

  @Test
  void showsUnionWeights() {
    Map<String, Object> json = delegator.delegate(
        Dtab.read("/svc=>0.7*/#/io.l5d.fs/hello & 0.3*/$/inet/127.0.0.1/9"), Path.read("/svc"))
        .toPlain();
    Map<?, ?> union = json;
    assertEquals("union", union.get("type"));
    assertEquals("/svc", union.get("path"));
    List<?> parts = (List<?>) union.get("union");
    assertEquals(0.7, ((Map<?, ?>) parts.get(0)).get("weight"));
    assertEquals("leaf", ((Map<?, ?>) ((Map<?, ?>) parts.get(1)).get("tree")).get("type"));
  }

  @Test
  void aLoopShowsAsAnException() {
    String text = String.valueOf(delegator.delegate(Dtab.read("/a=>/b;/b=>/a"), Path.read("/a"))
        .toPlain());
    assertEquals(true, text.contains("type=exception") && text.contains("recursion limit"), text);
  }

  @Test
  void aNameNothingKnowsIsNeg() {
    assertEquals(map("type", "neg", "path", "/nothing"),
        delegator.delegate(Dtab.empty(), Path.read("/nothing")).toPlain());
  }

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      out.put((String) kv[i], kv[i + 1]);
    }
    return out;
  }
}
