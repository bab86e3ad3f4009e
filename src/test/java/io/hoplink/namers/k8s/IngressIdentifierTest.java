package io.hoplink.namers.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.hoplink.config.YamlLoader;
import io.hoplink.naming.NamerContext;
import io.hoplink.naming.Path;
import io.hoplink.router.identifiers.Identification;
import io.hoplink.router.identifiers.Identifier;
import io.hoplink.router.identifiers.IngressIdentifierPlugin;
import io.hoplink.router.identifiers.RequestHead;
import io.vertx.core.MultiMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code io.l5d.ingress} against fabric8's CRUD mock API: Ingresses created, changed and deleted
 * through the API change how the next request is named, as {@code /svc/<ns>/<port>/<service>}.
 */
class IngressIdentifierTest {
  private KubernetesMockServer server;
  private KubernetesClient api;
  private Identifier identifier;

  @BeforeEach
  void start() {
    server = KubeMockServers.crud();
    api = server.createClient();
  }

  @AfterEach
  void stop() {
    if (identifier != null) {
      identifier.close();
    }
    api.close();
    KubeMockServers.destroy(server);
  }

  private Identifier identifier(String extra) {
    IngressIdentifierPlugin plugin = new IngressIdentifierPlugin();
    IngressIdentifierPlugin.Config config = plugin.parse(YamlLoader.load(
        "kind: io.l5d.ingress\nhost: localhost\nport: " + server.getPort() + "\n" + extra));
    return plugin.newIdentifier(config, Path.read("/svc"), NamerContext.system());
  }

  private String name(String host, String path) {
    Identification result = identifier.identify(new RequestHead("GET", "1.1", path,
        MultiMap.caseInsensitiveMultiMap().add("host", host)));
    if (result instanceof Identification.Identified named) {
      return named.name().show();
    }
    return result.toString();
  }

  @Test
  void requestsAreNamedByTheIngressesAsTheyChange() {
    api.network().v1().ingresses().inNamespace("srv").resource(IngressRulesTest.ingress("web",
        "2024-01-01T00:00:00Z", Map.of(), "myhost", null, "/api", "Prefix", "api")).create();
    identifier = identifier("");
    Eventually.until("the first list", () -> name("myhost", "/api/users")
        .equals("/svc/srv/80/api"), () -> name("myhost", "/api/users"));
    assertEquals("Unidentified[reason=no ingress rule matches]", name("myhost", "/web"));

    api.network().v1().ingresses().inNamespace("srv").resource(IngressRulesTest.ingress("zsite",
        "2024-01-02T00:00:00Z", Map.of(), "myhost", "site", "/", "Prefix", "site")).create();
    Eventually.until("the new ingress", () -> name("myhost", "/web").equals("/svc/srv/80/site"),
        () -> name("myhost", "/web"));
    // The API stamps creation times (to the second); in a tie, namespace and name decide.
    assertEquals("/svc/srv/80/api", name("myhost:8080", "/api"), "the older rule first");

    api.network().v1().ingresses().inNamespace("srv").withName("web").delete();
    Eventually.until("the deletion", () -> name("myhost", "/api").equals("/svc/srv/80/site"),
        () -> name("myhost", "/api"));
  }

  @Test
  void anotherClassIsNotServedAndANamespaceLimitsTheWatch() {
    api.network().v1().ingresses().inNamespace("srv").resource(IngressRulesTest.ingress("nginx",
        "2024-01-01T00:00:00Z", Map.of(IngressRules.CLASS_ANNOTATION, "nginx"), "myhost", null,
        "/", "Prefix", "nginx-svc")).create();
    api.network().v1().ingresses().inNamespace("srv").resource(IngressRulesTest.ingress("mine",
        "2024-01-02T00:00:00Z", Map.of(IngressRules.CLASS_ANNOTATION, "hoplink"), "myhost", null,
        "/", "Prefix", "mine")).create();
    identifier = identifier("ingressClassAnnotation: hoplink\nnamespace: other\n");
    Eventually.until("the first list", () -> name("myhost", "/").contains("no ingress rule"),
        () -> name("myhost", "/"));
    identifier.close();
    identifier = identifier("ingressClassAnnotation: hoplink\nnamespace: srv\n");
    Eventually.until("the first list", () -> name("myhost", "/").equals("/svc/srv/80/mine"),
        () -> name("myhost", "/"));
  }
}
