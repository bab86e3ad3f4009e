package io.hoplink.e2e;

import io.hoplink.router.CsiDriverAttributes;
import io.hoplink.router.tls.ca.CertNames;
import io.hoplink.router.tls.ca.IssuedCert;
import io.hoplink.router.tls.ca.MeshCa;
import io.hoplink.router.tls.ca.MeshKeys;
import io.hoplink.router.tls.ca.Pem;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

/**
 * One pod's {@code csi.cert-manager.io} volume, written as csi-driver writes it for the pod's
 * volume attributes, with a CA issuer signing as cert-manager's CA ClusterIssuer does: a new key
 * each time, a certificate for the names the attributes ask for (the pod's variables expanded)
 * and for their duration, and the files of the attributes' names: the certificate then the
 * issuer (no root), the key in the attributes' encoding, the root. Each issue replaces all three
 * at once, as csi-driver's renewals do.
 */
final class CsiDriverVolume {
  private final AtomicVolume volume;
  private final CsiDriverAttributes attributes;
  private final CsiDriverAttributes.Pod pod;
  private final X509Certificate root;

  private CsiDriverVolume(AtomicVolume volume, CsiDriverAttributes attributes,
      CsiDriverAttributes.Pod pod, X509Certificate root) {
    this.volume = volume;
    this.attributes = attributes;
    this.pod = pod;
    this.root = root;
  }

  /** The volume at {@code dir} with its first certificate from {@code issuer}. */
  static CsiDriverVolume create(Path dir, CsiDriverAttributes attributes,
      CsiDriverAttributes.Pod pod, MeshCa issuer, X509Certificate root) throws IOException {
    return new CsiDriverVolume(AtomicVolume.create(dir, files(attributes, pod, issuer, root)),
        attributes, pod, root);
  }

  Path dir() {
    return volume.dir();
  }

  /** A renewal: a new key and certificate from {@code issuer}; returns the certificate. */
  X509Certificate renew(MeshCa issuer) throws IOException {
    Map<String, String> files = files(attributes, pod, issuer, root);
    volume.write(files);
    return Pem.readCertificates(files.get(attributes.certificateFile())).get(0);
  }

  private static Map<String, String> files(CsiDriverAttributes attributes,
      CsiDriverAttributes.Pod pod, MeshCa issuer, X509Certificate root) {
    if (!attributes.keyAlgorithm().equals("ECDSA")
        || !attributes.get("key-size").orElseThrow().equals("256")
        || !attributes.keyEncoding().equals("PKCS8")) {
      throw new UnsupportedOperationException("a key of " + attributes.keyAlgorithm() + " "
          + attributes.get("key-size").orElseThrow() + " in " + attributes.keyEncoding()
          + " (the test makes ECDSA P-256 keys in PKCS8, as the DaemonSet asks)");
    }
    KeyPair key = MeshKeys.newEcP256();
    CertNames names = new CertNames(attributes.dnsNames(pod),
        attributes.uriSans(pod).stream().map(URI::create).toList());
    IssuedCert cert = issuer.issue(key.getPublic(), names, attributes.duration());
    return Map.of(attributes.certificateFile(), cert.chainPem(),
        attributes.privateKeyFile(), Pem.privateKey(key.getPrivate()),
        attributes.caFile(), Pem.certificates(List.of(root)));
  }
}
