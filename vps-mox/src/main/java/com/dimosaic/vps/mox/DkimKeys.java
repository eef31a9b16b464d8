package com.dimosaic.vps.mox;

import java.io.IOException;
import java.io.StringReader;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The DKIM TXT value for a mox DKIM private key file (PKCS#8 PEM, possibly with mox's
 * {@code Note:} header): {@code v=DKIM1;h=sha256;p=<base64 SubjectPublicKeyInfo>} for RSA,
 * {@code v=DKIM1;h=sha256;k=ed25519;p=<base64 raw key>} for Ed25519 — in the order {@code mox config dnsrecords}
 * prints them, so a text comparison with the published record sees no difference.
 */
public final class DkimKeys {
  private DkimKeys() {}

  /**
   * Computes the TXT value.
   *
   * @throws MoxException when the text is not a PKCS#8 RSA or Ed25519 private key
   */
  public static String txtValue(String pem) {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object o = parser.readObject();
      if (!(o instanceof PrivateKeyInfo info)) {
        throw new MoxException(MoxException.Reason.KEY, "not a PKCS#8 private key");
      }
      String oid = info.getPrivateKeyAlgorithm().getAlgorithm().getId();
      if (oid.equals("1.3.101.112")) { // Ed25519
        Ed25519PrivateKeyParameters p = (Ed25519PrivateKeyParameters) PrivateKeyFactory.createKey(info);
        return "v=DKIM1;h=sha256;k=ed25519;p=" + Base64.getEncoder().encodeToString(p.generatePublicKey().getEncoded());
      }
      java.security.PrivateKey key = new JcaPEMKeyConverter().getPrivateKey(info);
      if (key instanceof RSAPrivateCrtKey rsa) {
        PublicKey pub = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
        return "v=DKIM1;h=sha256;p=" + Base64.getEncoder().encodeToString(pub.getEncoded());
      }
      throw new MoxException(MoxException.Reason.KEY, "unsupported DKIM key type: " + key.getAlgorithm());
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new MoxException(MoxException.Reason.KEY, "cannot read the DKIM key: " + e.getMessage(), e);
    }
  }
}
