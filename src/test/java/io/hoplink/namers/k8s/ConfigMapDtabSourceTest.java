package io.hoplink.namers.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.hoplink.naming.DtabSource.Reading;
import io.hoplink.naming.NamerContext;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code io.l5d.k8s.configMap} interpreter's source against fabric8's CRUD mock API: the
 * key's text as the ConfigMap is created and changed, Linkerd's absent (empty) dtab when the
 * ConfigMap or key is not there, no reading before the first list, and none while the API is
 * away (the last one stays in force).
 */
class ConfigMapDtabSourceTest {
  private KubernetesMockServer server;
  private KubernetesClient api;
  private ConfigMapDtabSource source;
  private final List<Reading> readings = Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void stop() {
    if (source != null) {
      source.close();
    }
    if (api != null) {
      api.close();
      KubeMockServers.destroy(server);
    }
  }

  private ConfigMapDtabSource source(int port) {
    KubeApi kube = KubeApi.connect(Optional.of("localhost"), Optional.of(port),
        NamerContext.system(), Duration.ofMillis(100));
    return ConfigMapDtabSource.of(kube, "default", "dtabs", "outgoing.dtab");
  }

  private static ConfigMap configMap(Map<String, String> data) {
    return new ConfigMapBuilder().withNewMetadata().withName("dtabs").withNamespace("default")
        .endMetadata().withData(data).build();
  }

  private Reading last() {
    synchronized (readings) {
      return readings.isEmpty() ? null : readings.get(readings.size() - 1);
    }
  }

  private void awaitLast(Reading expected) {
    Eventually.until("the reading " + expected, () -> expected.equals(last()), () -> readings);
  }

  @Test
  void theKeysTextAsTheConfigMapChangesAndAbsentWhenItOrItsKeyIsNot() {
    server = KubeMockServers.crud();
    api = server.createClient();
    source = source(server.getPort());
    source.start(readings::add);
    awaitLast(new Reading.Absent("the ConfigMap default/dtabs does not exist"));

    api.configMaps().inNamespace("default").resource(configMap(Map.of(
        "outgoing.dtab", "/svc => /#/io.l5d.k8s/default/http;"))).create();
    awaitLast(new Reading.Text("/svc => /#/io.l5d.k8s/default/http;"));

    api.configMaps().inNamespace("default").resource(configMap(Map.of(
        "outgoing.dtab", "/svc => /#/io.l5d.k8s/default/http;", "incoming.dtab", "/x => /y")))
        .update();
    api.configMaps().inNamespace("default").resource(configMap(Map.of(
        "outgoing.dtab", "/svc => /$/inet/127.0.0.1/8080;"))).update();
    awaitLast(new Reading.Text("/svc => /$/inet/127.0.0.1/8080;"));
    assertTrue(readings.stream().allMatch(r -> r instanceof Reading.Absent
        || r.equals(new Reading.Text("/svc => /#/io.l5d.k8s/default/http;"))
        || r.equals(new Reading.Text("/svc => /$/inet/127.0.0.1/8080;"))),
        "an unrelated key changes nothing: " + readings);

    api.configMaps().inNamespace("default").resource(configMap(Map.of("other", "x"))).update();
    awaitLast(new Reading.Absent("the ConfigMap default/dtabs has no key 'outgoing.dtab' in its"
        + " data"));

    api.configMaps().inNamespace("default").withName("dtabs").delete();
    awaitLast(new Reading.Absent("the ConfigMap default/dtabs does not exist"));
    assertEquals(Boolean.TRUE, source.describe().get("listed"));
    assertEquals("ConfigMap default/dtabs key outgoing.dtab", source.show());
  }

  @Test
  void otherConfigMapsAreNotWatched() {
    server = KubeMockServers.crud();
    api = server.createClient();
    api.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata()
        .withName("dtabs-2").withNamespace("default").endMetadata()
        .withData(Map.of("outgoing.dtab", "/a => /b")).build()).create();
    api.configMaps().inNamespace("other").resource(new ConfigMapBuilder().withNewMetadata()
        .withName("dtabs").withNamespace("other").endMetadata()
        .withData(Map.of("outgoing.dtab", "/a => /b")).build()).create();
    source = source(server.getPort());
    source.start(readings::add);
    awaitLast(new Reading.Absent("the ConfigMap default/dtabs does not exist"));
  }

  @Test
  void anApiThatIsNotThereGivesNoReadingAndSaysWhy() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    source = source(closed);
    source.start(readings::add);
    Eventually.until("a watch error", () -> source.describe().get("lastWatchError") != null,
        source::describe);
    assertEquals(List.of(), readings, "nothing was read, so nothing is in force");
    assertEquals(Boolean.FALSE, source.describe().get("listed"));
    assertEquals("http://localhost:" + closed, source.describe().get("api"));
  }

  @Test
  void theLastReadingStaysWhileTheApiIsAway() {
    server = KubeMockServers.crud();
    api = server.createClient();
    api.configMaps().inNamespace("default").resource(configMap(Map.of(
        "outgoing.dtab", "/svc => /a;"))).create();
    source = source(server.getPort());
    source.start(readings::add);
    awaitLast(new Reading.Text("/svc => /a;"));
    int before = readings.size();

    api.close();
    KubeMockServers.destroy(server);
    api = null;
    // fabric8 reconnects a broken watch by itself (reported as not watching), then relists
    Eventually.until("the watch seen broken", () -> Boolean.FALSE.equals(
        source.describe().get("watching")), source::describe);
    assertEquals(before, readings.size(), "the API away is no reading: " + readings);
  }
}
