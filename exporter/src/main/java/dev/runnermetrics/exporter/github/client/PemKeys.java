package dev.runnermetrics.exporter.github.client;

import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * Reads an RSA private key from PEM with the JDK alone. GitHub hands out App keys as PKCS#1
 * ({@code BEGIN RSA PRIVATE KEY}), which the JDK cannot read directly, so it is wrapped into PKCS#8 first
 * ({@code openssl pkcs8 -topk8} output is taken as it is). Errors never quote the file's content.
 */
final class PemKeys {

    private static final String PKCS1 = "RSA PRIVATE KEY";
    private static final String PKCS8 = "PRIVATE KEY";
    /** AlgorithmIdentifier { rsaEncryption (1.2.840.113549.1.1.1), NULL }. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86,
        (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

    private PemKeys() {
    }

    /** @throws IllegalArgumentException with a message safe to show (no key material) */
    static PrivateKey rsaPrivateKey(String pem) {
        if (pem.contains("ENCRYPTED")) {
            throw new IllegalArgumentException("the key is encrypted; give the unencrypted PEM GitHub hands out");
        }
        byte[] pkcs8;
        if (pem.contains("-----BEGIN " + PKCS1 + "-----")) {
            pkcs8 = pkcs1ToPkcs8(body(pem, PKCS1));
        } else if (pem.contains("-----BEGIN " + PKCS8 + "-----")) {
            pkcs8 = body(pem, PKCS8);
        } else {
            throw new IllegalArgumentException("no PEM private key (expected BEGIN RSA PRIVATE KEY or BEGIN PRIVATE "
                    + "KEY)");
        }
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("not a readable RSA private key (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static byte[] body(String pem, String type) {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end, from);
        if (to < 0) {
            throw new IllegalArgumentException("the PEM block has no END " + type + " line");
        }
        try {
            return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the PEM block is not base64");
        }
    }

    /** PrivateKeyInfo ::= SEQUENCE { version 0, AlgorithmIdentifier, OCTET STRING (the PKCS#1 RSAPrivateKey) }. */
    static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        content.writeBytes(new byte[] {0x02, 0x01, 0x00});
        content.writeBytes(RSA_ALGORITHM);
        content.writeBytes(der(0x04, pkcs1));
        return der(0x30, content.toByteArray());
    }

    private static byte[] der(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = value.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = length > 0xffffff ? 4 : length > 0xffff ? 3 : length > 0xff ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write((length >>> (8 * i)) & 0xff);
            }
        }
        out.writeBytes(value);
        return out.toByteArray();
    }
}
