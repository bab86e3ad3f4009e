package io.hoplink.router.tls.ca;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Builds and signs the three kinds of certificate: a root (self-signed, CA, keyCertSign), an
 * issuer (CA with pathLen 0: it signs only end certificates) and a leaf (not a CA, DNS and URI
 * SANs, serverAuth and clientAuth). Each has a random positive 16-byte serial and key identifiers.
 */
final class X509Builder {
  private X509Builder() {}

  /** A CA's subject: {@code CN=<name>}. */
  static X500Name caName(String name) {
    if (name == null || name.isBlank() || name.length() > 64) {
      throw new IllegalArgumentException("CA name '" + name + "' (expected: 1 to 64 characters)");
    }
    return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, name).build();
  }

  static X509Certificate root(X500Name name, PublicKey key, PrivateKey signer, Instant notBefore,
      Instant notAfter) {
    JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
        Date.from(notBefore), Date.from(notAfter), name, key);
    return sign(ca(builder, key, null, -1), signer);
  }

  static X509Certificate issuer(X509Certificate ca, PrivateKey caKey, X500Name name,
      PublicKey key, Instant notBefore, Instant notAfter) {
    JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca, serial(),
        Date.from(notBefore), Date.from(notAfter), name, key);
    return sign(ca(builder, key, ca, 0), caKey);
  }

  static X509Certificate leaf(X509Certificate ca, PrivateKey caKey, CertNames names,
      PublicKey key, Instant notBefore, Instant notAfter) {
    X500Name subject = names.commonName()
        .map(cn -> new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, cn).build())
        .orElse(new X500Name(new org.bouncycastle.asn1.x500.RDN[0]));
    JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca, serial(),
        Date.from(notBefore), Date.from(notAfter), subject, key);
    List<GeneralName> sans = new ArrayList<>();
    names.dnsNames().forEach(dns -> sans.add(new GeneralName(GeneralName.dNSName, dns)));
    names.uris().forEach(uri -> sans.add(
        new GeneralName(GeneralName.uniformResourceIdentifier, uri.toString())));
    int usage = KeyUsage.digitalSignature
        | (key.getAlgorithm().equals("RSA") ? KeyUsage.keyEncipherment : 0);
    try {
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
          .addExtension(Extension.keyUsage, true, new KeyUsage(usage))
          .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
              new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
          // RFC 5280: with an empty subject, the names are critical
          .addExtension(Extension.subjectAlternativeName, names.commonName().isEmpty(),
              new GeneralNames(sans.toArray(GeneralName[]::new)));
    } catch (CertIOException e) {
      throw new IllegalStateException("extensions made here always encode", e);
    }
    return sign(keyIds(builder, key, ca), caKey);
  }

  private static X509v3CertificateBuilder ca(X509v3CertificateBuilder builder, PublicKey key,
      X509Certificate signer, int pathLen) {
    try {
      builder.addExtension(Extension.basicConstraints, true,
              pathLen < 0 ? new BasicConstraints(true) : new BasicConstraints(pathLen))
          .addExtension(Extension.keyUsage, true,
              new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    } catch (CertIOException e) {
      throw new IllegalStateException("extensions made here always encode", e);
    }
    return keyIds(builder, key, signer);
  }

  /** Subject and authority key identifiers; a root's authority is itself. */
  private static X509v3CertificateBuilder keyIds(X509v3CertificateBuilder builder, PublicKey key,
      X509Certificate signer) {
    try {
      JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
      SubjectKeyIdentifier ski = utils.createSubjectKeyIdentifier(key);
      builder.addExtension(Extension.subjectKeyIdentifier, false, ski);
      byte[] authority = signer == null ? ski.getKeyIdentifier() : keyId(signer, utils);
      return builder.addExtension(Extension.authorityKeyIdentifier, false,
          new AuthorityKeyIdentifier(authority));
    } catch (GeneralSecurityException | CertIOException e) {
      throw new IllegalStateException("key identifiers are SHA-1 hashes every runtime makes", e);
    }
  }

  /** The signer's own subject key identifier, so that the chain links up even for a CA made elsewhere. */
  private static byte[] keyId(X509Certificate signer, JcaX509ExtensionUtils utils) {
    byte[] extension = signer.getExtensionValue(Extension.subjectKeyIdentifier.getId());
    if (extension == null) {
      return utils.createSubjectKeyIdentifier(signer.getPublicKey()).getKeyIdentifier();
    }
    return SubjectKeyIdentifier.getInstance(
        ASN1OctetString.getInstance(extension).getOctets()).getKeyIdentifier();
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer) {
    try {
      return new JcaX509CertificateConverter().getCertificate(builder.build(
          new JcaContentSignerBuilder(MeshKeys.signatureAlgorithm(signer)).build(signer)));
    } catch (OperatorCreationException | java.security.cert.CertificateException e) {
      throw new IllegalStateException("signing a certificate failed: " + e.getMessage(), e);
    }
  }

  private static BigInteger serial() {
    byte[] bytes = new byte[16];
    MeshKeys.RANDOM.nextBytes(bytes);
    bytes[0] &= 0x7f; // positive, as RFC 5280 asks
    bytes[0] |= 0x01; // and never zero
    return new BigInteger(bytes);
  }
}
