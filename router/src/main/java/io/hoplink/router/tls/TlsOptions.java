package io.hoplink.router.tls;

import io.hoplink.config.ClientTlsConfig;
import io.hoplink.config.ServerTlsConfig;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Linkerd's server and client {@code tls} blocks as Vert.x options: PEM certificates and keys
 * (PKCS#8, PKCS#1 RSA and EC keys), intermediates sent after the certificate, TLS 1.2 and 1.3
 * only unless {@code protocols} says otherwise, ALPN {@code h2} and {@code http/1.1} where HTTP/2
 * is spoken. Files are read when the options are made; one that cannot be read is an
 * {@link IllegalArgumentException} naming it.
 */
public final class TlsOptions {
  /** What hoplink speaks unless a config names its protocols. */
  public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.2", "TLSv1.3");

  private TlsOptions() {}

  /**
   * Serves TLS on {@code options}: with {@code caCertPath}, client certificates are checked
   * against it, and required with {@code requireClientAuth}; {@code h2} offers HTTP/2 by ALPN.
   */
  public static HttpServerOptions server(HttpServerOptions options, ServerTlsConfig tls,
      boolean h2) {
    options.setSsl(true)
        .setSslEngineOptions(TlsProvider.engine())
        .setKeyCertOptions(keyCert(tls.certPath(), tls.keyPath(), tls.intermediateCertsPath()
            .orElse(null)))
        .setEnabledSecureTransportProtocols(protocols(tls.protocols()));
    tls.ciphers().forEach(options::addEnabledCipherSuite);
    tls.caCertPath().ifPresent(ca -> options.setTrustOptions(
        new PemTrustOptions().addCertValue(read("caCertPath", ca))));
    options.setClientAuth(tls.requireClientAuth() ? ClientAuth.REQUIRED
        : tls.caCertPath().isPresent() ? ClientAuth.REQUEST : ClientAuth.NONE);
    options.setUseAlpn(true).setAlpnVersions(h2 ? List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1)
        : List.of(HttpVersion.HTTP_1_1));
    return options;
  }

  /**
   * Connects with TLS on {@code options}: the server's certificate is checked against
   * {@code trustCerts} or {@code trustCertsBundle} (else the JDK's trusted roots) and must name
   * the request's TLS name (the client's commonName, else the address), unless {@code disableValidation};
   * {@code clientAuth} presents a certificate.
   */
  public static HttpClientOptions client(HttpClientOptions options, ClientTlsConfig tls,
      boolean h2) {
    options.setSsl(true)
        .setSslEngineOptions(TlsProvider.engine())
        .setEnabledSecureTransportProtocols(protocols(tls.protocols()))
        .setForceSni(true);
    if (tls.disableValidation()) {
      options.setTrustAll(true).setVerifyHost(false);
    } else {
      options.setVerifyHost(true);
      PemTrustOptions trust = new PemTrustOptions();
      tls.trustCerts().forEach(path -> trust.addCertValue(read("trustCerts", path)));
      tls.trustCertsBundle().ifPresent(path -> trust.addCertValue(read("trustCertsBundle", path)));
      if (!trust.getCertValues().isEmpty()) {
        options.setTrustOptions(trust);
      }
    }
    tls.clientAuth().ifPresent(auth -> options.setKeyCertOptions(keyCert(auth.certPath(),
        auth.keyPath(), auth.intermediateCertsPath().orElse(null))));
    if (h2) {
      options.setUseAlpn(true).setAlpnVersions(List.of(HttpVersion.HTTP_2));
    }
    return options;
  }

  /**
   * When the first certificate in the PEM file at {@code path} expires, in epoch seconds.
   *
   * @throws IllegalArgumentException if it cannot be read
   */
  public static long notAfter(String path) {
    try (java.io.InputStream in = Files.newInputStream(Path.of(path))) {
      java.security.cert.X509Certificate cert = (java.security.cert.X509Certificate)
          java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
      return cert.getNotAfter().toInstant().getEpochSecond();
    } catch (IOException | java.security.cert.CertificateException e) {
      throw new IllegalArgumentException("cannot read the certificate in " + path + ": " + e, e);
    }
  }

  /** The files a server {@code tls} block reads. */
  public static List<String> files(ServerTlsConfig tls) {
    List<String> files = new java.util.ArrayList<>(List.of(tls.certPath(), tls.keyPath()));
    tls.intermediateCertsPath().ifPresent(files::add);
    tls.caCertPath().ifPresent(files::add);
    return files;
  }

  /** The files a client {@code tls} block reads. */
  public static List<String> files(ClientTlsConfig tls) {
    List<String> files = new java.util.ArrayList<>(tls.trustCerts());
    tls.trustCertsBundle().ifPresent(files::add);
    tls.clientAuth().ifPresent(auth -> {
      files.add(auth.certPath());
      files.add(auth.keyPath());
      auth.intermediateCertsPath().ifPresent(files::add);
    });
    return files;
  }

  /**
   * Checks that the key of {@code options} belongs to its certificate (a signature made with the
   * one verifies with the other): a mismatched pair would load, then fail every handshake.
   *
   * @throws IllegalArgumentException naming the mismatch
   */
  public static void checkPair(io.vertx.core.Vertx vertx, io.vertx.core.net.KeyCertOptions options) {
    try {
      javax.net.ssl.KeyManager[] managers = options.getKeyManagerFactory(vertx).getKeyManagers();
      for (javax.net.ssl.KeyManager manager : managers) {
        if (!(manager instanceof javax.net.ssl.X509KeyManager km)) {
          continue;
        }
        for (String type : List.of("EC", "RSA")) {
          String alias = km.chooseServerAlias(type, null, null);
          if (alias == null) {
            continue;
          }
          java.security.PrivateKey key = km.getPrivateKey(alias);
          java.security.cert.X509Certificate[] chain = km.getCertificateChain(alias);
          String algorithm = type.equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
          byte[] probe = "hoplink".getBytes(StandardCharsets.US_ASCII);
          java.security.Signature sign = java.security.Signature.getInstance(algorithm);
          sign.initSign(key);
          sign.update(probe);
          byte[] signature = sign.sign();
          java.security.Signature verify = java.security.Signature.getInstance(algorithm);
          verify.initVerify(chain[0].getPublicKey());
          verify.update(probe);
          if (!verify.verify(signature)) {
            throw new IllegalArgumentException("the key does not belong to the certificate "
                + chain[0].getSubjectX500Principal().getName());
          }
          return;
        }
      }
      throw new IllegalArgumentException("no EC or RSA key and certificate found");
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalArgumentException("the key and certificate do not load together: " + e, e);
    }
  }

  private static PemKeyCertOptions keyCert(String certPath, String keyPath, String intermediates) {
    Buffer certs = read("certPath", certPath);
    if (intermediates != null) {
      certs = Buffer.buffer().appendBuffer(certs).appendString("\n")
          .appendBuffer(read("intermediateCertsPath", intermediates));
    }
    return new PemKeyCertOptions().setCertValue(certs).setKeyValue(read("keyPath", keyPath));
  }

  private static Set<String> protocols(List<String> configured) {
    return new LinkedHashSet<>(configured.isEmpty() ? DEFAULT_PROTOCOLS : configured);
  }

  private static Buffer read(String key, String path) {
    try {
      String text = Files.readString(Path.of(path), StandardCharsets.US_ASCII);
      if (!text.contains("-----BEGIN ")) {
        throw new IllegalArgumentException(key + " " + path + " holds no PEM block");
      }
      return Buffer.buffer(text);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + key + " " + path + ": " + e, e);
    }
  }
}
