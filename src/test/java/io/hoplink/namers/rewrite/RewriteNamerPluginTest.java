package io.hoplink.namers.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hoplink.config.ConfigException;
import io.hoplink.config.ConfigNode;
import io.hoplink.config.PluginRegistry;
import io.hoplink.config.YamlLoader;
import io.hoplink.naming.Activity;
import io.hoplink.naming.Name;
import io.hoplink.naming.NameTree;
import io.hoplink.naming.Namer;
import io.hoplink.naming.NamerContext;
import io.hoplink.naming.NamerPlugin;
import io.hoplink.naming.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class RewriteNamerPluginTest {
  private final PluginRegistry<NamerPlugin<?>> registry =
      PluginRegistry.of("namer", new RewriteNamerPlugin());

  private static ConfigNode namer(String block) {
    return YamlLoader.load("namers:\n- " + block + "\n").required("namers").elements().get(0);
  }

  @Test
  @SuppressWarnings("rawtypes") // the service type is the raw interface
  void serviceLoaderFindsIt() {
    assertTrue(ServiceLoader.load(NamerPlugin.class).stream()
        .anyMatch(p -> p.type() == RewriteNamerPlugin.class));
  }

  @Test
  void blockParses() {
    assertEquals(new RewriteNamerConfig("io.l5d.rewrite", Path.read("/rewrite"), "/{service}/api",
        "/srv/{service}", List.of()), registry.parse(namer(
            "kind: io.l5d.rewrite\n  prefix: /rewrite\n  pattern: /{service}/api\n  name: /srv/{service}")));
  }

  @Test
  void badBlocksAreRejectedWithTheirPath() {
    ConfigException prefix = assertThrows(ConfigException.class, () -> registry.parse(namer(
        "kind: io.l5d.rewrite\n  pattern: /{service}/api\n  name: /srv/{service}")));
    assertTrue(prefix.getMessage().startsWith("namers[0] (io.l5d.rewrite): missing required key 'prefix'"),
        prefix.getMessage());
    ConfigException var = assertThrows(ConfigException.class, () -> registry.parse(namer(
        "kind: io.l5d.rewrite\n  prefix: /r\n  pattern: /{service}/api\n  name: /srv/{svc}")));
    assertTrue(var.getMessage().startsWith("namers[0].name (io.l5d.rewrite): '{svc}' is not captured"),
        var.getMessage());
  }

  @Test
  void matchingPathsAreRewrittenAndBoundAgain() {
    RewriteNamerConfig config = (RewriteNamerConfig) registry.parse(namer(
        "kind: io.l5d.rewrite\n  prefix: /rewrite\n  pattern: /{service}/api\n  name: /srv/{service}"));
    Namer rewrite = new RewriteNamerPlugin().newNamer(config, NamerContext.system());
    assertEquals(new Activity.Ok<>(NameTree.leaf(Name.path(Path.read("/srv/users")))),
        rewrite.lookup(Path.read("/users/api/v1/list")).current(), "the rest is dropped, as in Linkerd");
    assertEquals(new Activity.Ok<>(NameTree.neg()), rewrite.lookup(Path.read("/users/web")).current());
    assertEquals(new Activity.Ok<>(NameTree.neg()), rewrite.lookup(Path.read("/users")).current());
  }
}
