package io.vigil.ingest.auth;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A committed test-only key ({@code test-only-*.pem} beside this class): PKCS#8 private key and
 * SPKI public key in PEM. Fixed keys keep fuzz inputs and signatures reproducible; never register
 * or deploy them.
 */
record TestOnlyKey(String privatePem, String publicPem) {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN (PRIVATE|PUBLIC) KEY-----[^-]+-----END \\1 KEY-----");

  static TestOnlyKey read(String name) {
    try (var in = TestOnlyKey.class.getResourceAsStream(name)) {
      String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
      Matcher m = BLOCK.matcher(text);
      String priv = null;
      String pub = null;
      while (m.find()) {
        if (m.group(1).equals("PRIVATE")) {
          priv = m.group();
        } else {
          pub = m.group();
        }
      }
      return new TestOnlyKey(priv, pub);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  PrivateKey privateKey(String type) throws Exception {
    String base64 = privatePem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return KeyFactory.getInstance(type)
        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
  }
}
