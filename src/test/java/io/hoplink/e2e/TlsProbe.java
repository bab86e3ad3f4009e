package io.hoplink.e2e;

import io.hoplink.router.tls.ca.Pem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.Socket;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;

/**
 * A TLS client in the test itself, presenting the certificate in a directory written by
 * {@code hoplink certs node} (tls.crt, tls.key): it notes the certificate a server presents
 * (accepting any, to see it) and sends one request, so a test sees which certificate a router
 * serves and whether it takes the client's.
 */
final class TlsProbe {
  /** The server's certificate (null if the handshake did not get that far) and the reply. */
  record Result(X509Certificate served, String reply) {
    boolean answered() {
      return reply.startsWith("HTTP/1.1 200");
    }
  }

  private TlsProbe() {}

  /**
   * Presents the one certificate whatever CAs the server names: the JDK's own choice would send
   * none when its issuer is not among them, and the server's refusal would then go untested.
   */
  private static X509ExtendedKeyManager alwaysPresenting(X509ExtendedKeyManager keys) {
    // the key manager's own name for the one entry (the PKIX one prefixes the store's alias)
    String alias = keys.chooseClientAlias(new String[] {"EC", "RSA"}, null, null);
    return new X509ExtendedKeyManager() {
      @Override
      public String chooseEngineClientAlias(String[] types, Principal[] issuers, SSLEngine e) {
        return alias;
      }

      @Override
      public String chooseClientAlias(String[] types, Principal[] issuers, Socket socket) {
        return alias;
      }

      @Override
      public String[] getClientAliases(String type, Principal[] issuers) {
        return new String[] {alias};
      }

      @Override
      public X509Certificate[] getCertificateChain(String alias) {
        return keys.getCertificateChain(alias);
      }

      @Override
      public PrivateKey getPrivateKey(String alias) {
        return keys.getPrivateKey(alias);
      }

      @Override
      public String[] getServerAliases(String type, Principal[] issuers) {
        return null;
      }

      @Override
      public String chooseServerAlias(String type, Principal[] issuers, Socket socket) {
        return null;
      }
    };
  }

  static Result get(int port, Path clientDir) throws Exception {
    List<X509Certificate> chain =
        Pem.readCertificates(Files.readString(clientDir.resolve("tls.crt")));
    char[] password = "probe".toCharArray();
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry("probe", Pem.readPrivateKey(Files.readString(clientDir.resolve("tls.key"))),
        password, chain.toArray(X509Certificate[]::new));
    KeyManagerFactory managers = KeyManagerFactory.getInstance("PKIX");
    managers.init(keys, password);
    AtomicReference<X509Certificate> served = new AtomicReference<>();
    X509TrustManager noting = new X509TrustManager() {
      @Override
      public void checkServerTrusted(X509Certificate[] certs, String authType) {
        served.set(certs[0]);
      }

      @Override
      public void checkClientTrusted(X509Certificate[] certs, String authType) {
        throw new UnsupportedOperationException("a client only");
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    };
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(new KeyManager[] {alwaysPresenting(
        (X509ExtendedKeyManager) managers.getKeyManagers()[0])}, new TrustManager[] {noting},
        null);
    String reply;
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1",
        port)) {
      socket.setSoTimeout(10_000);
      socket.startHandshake();
      socket.getOutputStream().write(("GET /probe HTTP/1.1\r\nHost: probe\r\n"
          + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[4096];
      for (int n; (n = in.read(buffer)) > 0; ) {
        out.write(buffer, 0, n);
      }
      reply = out.toString(StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      reply = "failed: " + e; // a refused client certificate ends here (an alert, or a close)
    }
    return new Result(served.get(), reply);
  }
}
