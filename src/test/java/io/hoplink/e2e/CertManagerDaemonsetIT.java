package io.hoplink.e2e;

import static io.hoplink.namers.k8s.KubeObjects.endpoint;
import static io.hoplink.namers.k8s.KubeObjects.slice;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.hoplink.namers.k8s.MockKubeApi;
import io.hoplink.router.CsiDriverAttributes;
import io.hoplink.router.tls.ca.MeshCa;
import io.hoplink.router.tls.ca.Pem;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cert-manager DaemonSet's router config (daemonset/mtls/cert-manager) from the packaged jar,
 * two routers as on two nodes of one host, against fabric8's mock API. Each pod's
 * csi.cert-manager.io volume is written as csi-driver writes it for the DaemonSet's volume
 * attributes ({@link CsiDriverVolume}), signed by an issuer as `hoplink certs issuer` makes the
 * ClusterIssuer's; the ConfigMap hoplink-trust holds the root. A steady client loop goes from
 * node a's outgoing router over mutual TLS to node b's incoming router and the pod behind it,
 * while node b's certificate and then node a's is renewed by a {@code ..data} swap: no request
 * fails, node b serves its new certificate, node a presents its new one on new connections.
 */
class CertManagerDaemonsetIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;
  private final DaemonSet daemonSet = DaemonsetManifests.certManagerDaemonSet();
  private final PodSpec pod = daemonSet.getSpec().getTemplate().getSpec();
  private final Volume csi = pod.getVolumes().stream().filter(v -> v.getCsi() != null)
      .findFirst().orElseThrow();
  private final CsiDriverAttributes attributes =
      CsiDriverAttributes.of(csi.getCsi().getVolumeAttributes());

  private CsiDriverAttributes.Pod identity(String node) {
    return new CsiDriverAttributes.Pod("l5d-" + node, daemonSet.getMetadata().getNamespace(),
        UUID.randomUUID().toString(), pod.getServiceAccountName());
  }

  private String mountPath(Volume volume) {
    return pod.getContainers().get(0).getVolumeMounts().stream()
        .filter(m -> m.getName().equals(volume.getName())).map(VolumeMount::getMountPath)
        .findFirst().orElseThrow();
  }

  /** Node {@code node}'s router, its pod's volumes at {@code certs} and {@code trust}. */
  private HoplinkProcess router(KubernetesClient k8s, int apiPort, String node, Path certs,
      Path trust) throws Exception {
    Volume trustVolume = pod.getVolumes().stream().filter(v -> v.getConfigMap() != null
        && v.getConfigMap().getName().equals("hoplink-trust")).findFirst().orElseThrow();
    HoplinkProcess router = HoplinkProcess.start(dir, DaemonsetManifests.certManagerRouterConfig(
        "127.0.0.1", apiPort, Map.of(mountPath(csi), certs, mountPath(trustVolume), trust)),
        DaemonsetManifests.routerEnv("node-" + node, "127.0.0.1", "127.0.0.1"));
    // the router pod appears in Service l5d once it listens, as a DaemonSet's would
    k8s.resource(slice("default", "l5d-" + node, "l5d", "incoming", router.port("incoming"),
        List.of(endpoint("127.0.0.1", "node-" + node, "l5d-" + node)), Map.of())).create();
    return router;
  }

  @Test
  void bothNodesRenewUnderLoadAndNoRequestFails() throws Exception {
    // The mesh's CA, made two days ago; the first certificates were issued when csi-driver
    // would have renewed them now (renew-before ahead of their end).
    Instant now = Instant.now();
    MeshCa root = MeshCa.newRoot("hoplink root", MeshCa.ROOT_LIFETIME,
        Clock.fixed(now.minus(Duration.ofDays(2)), ZoneOffset.UTC));
    MeshCa issuer = root.newIssuer("hoplink issuer", MeshCa.ISSUER_LIFETIME);
    String issuerChain = Pem.certificates(issuer.chain());
    MeshCa issuerThen = MeshCa.load(issuerChain, issuer.privateKeyPem(), Clock.fixed(
        now.minus(attributes.duration()).plus(attributes.renewBefore()), ZoneOffset.UTC));
    MeshCa issuerNow = MeshCa.load(issuerChain, issuer.privateKeyPem(), Clock.systemUTC());
    AtomicVolume trust = AtomicVolume.create(dir.resolve("hoplink-trust"),
        Map.of("ca.crt", Pem.certificates(List.of(root.certificate()))));
    CsiDriverVolume certsA = CsiDriverVolume.create(dir.resolve("csi-a"), attributes,
        identity("a"), issuerThen, root.certificate());
    CsiDriverVolume certsB = CsiDriverVolume.create(dir.resolve("csi-b"), attributes,
        identity("b"), issuerThen, root.certificate());

    try (MockKubeApi api = MockKubeApi.start(InetAddress.getLoopbackAddress(), 0);
        TestBackend world = new TestBackend("world")) {
      KubernetesClient k8s = api.client();
      k8s.resource(slice("default", "world-v1", "world-v1", "http", world.port(),
          List.of(endpoint("127.0.0.1", "node-b", "world-v1-b")), Map.of())).create();
      try (HoplinkProcess a = router(k8s, api.port(), "a", certsA.dir(), trust.dir());
          HoplinkProcess b = router(k8s, api.port(), "b", certsB.dir(), trust.dir())) {
        awaitWorld(a);
        assertEquals("/%/io.l5d.k8s.localnode/node-b/#/io.l5d.k8s/default/http/world-v1",
            world.seenHeaders().get(world.seenHeaders().size() - 1).getFirst("l5d-dst-client"),
            "node b's incoming router delivered it");
        String peer = attributes.dnsNames(identity("a")).get(0);
        try (SteadyLoad load = SteadyLoad.throughProxy(a.port("outgoing"), "http://world/", 4)) {
          load.awaitAnswers("world", 100, WAIT);
          assertTrue(peerConnections(b, peer) >= 1, "node a's certificate names it: " + peer);

          X509Certificate renewedB = certsB.renew(issuerNow);
          b.awaitLog("router 'incoming' server 127.0.0.1:" + b.port("incoming")
              + " tls: new certificates in use for new connections", WAIT);
          assertEquals(renewedB, TlsProbe.get(b.port("incoming"), certsA.dir()).served(),
              "new connections get node b's renewed certificate");
          load.awaitAnswers("world", 100, WAIT);

          certsA.renew(issuerNow);
          a.awaitLog("router 'outgoing' client tls: new certificates in use for new connections",
              WAIT);
          long before = peerConnections(b, peer);
          // more requests at once than the pooled connections: new handshakes, a's new certificate
          long burst;
          try (SteadyLoad more = SteadyLoad.throughProxy(a.port("outgoing"), "http://world/", 12)) {
            more.awaitAnswers("world", 300, WAIT);
            more.close();
            assertEquals(List.of(), more.failures(), a.log() + b.log());
            burst = more.total();
          }
          long after = peerConnections(b, peer);
          assertTrue(after > before, "new connections from node a");
          load.awaitAnswers("world", 100, WAIT);
          load.close();
          assertEquals(List.of(), load.failures(), load.total() + " sent\n" + a.log() + b.log());
          System.out.println("CertManagerDaemonsetIT: " + (load.total() + burst) + " requests"
              + " across both renewals, none failed; node b took " + (after - before)
              + " new connections from node a after its renewal (" + after + " in all)");
        }
      }
    }
  }

  /** Waits until node a's routers have found the pod through node b's (the API's watches). */
  private static void awaitWorld(HoplinkProcess a) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      last = RawHttp.exchange(a.port("outgoing"),
          "GET / HTTP/1.1\r\nHost: world\r\nConnection: close\r\n\r\n");
      if (!last.isEmpty() && RawHttp.status(last) == 200) {
        return;
      }
      HoplinkProcess.pause();
    }
    fail("world never answered through node a: " + last + "\n" + a.log());
  }

  /** Connections node b's incoming router accepted from a client whose certificate names {@code peer}. */
  private static long peerConnections(HoplinkProcess b, String peer) throws Exception {
    String metrics = b.admin("/admin/metrics.json");
    Matcher m = Pattern.compile("\"rt/incoming/server/[^\"]+/tls/peer/" + Pattern.quote(peer)
        + "/connections\":(\\d+)").matcher(metrics);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }
}
