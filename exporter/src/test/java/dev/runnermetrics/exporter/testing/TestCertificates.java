package dev.runnermetrics.exporter.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A test CA and a server certificate it signed for localhost, 127.0.0.1 and 127.0.0.2, made at test time with the
 * JDK's keytool (no openssl needed) and written as the PEM files a container would get mounted: the certificate,
 * the unencrypted PKCS#8 key, and the CA certificate a scraper trusts.
 */
public record TestCertificates(Path certFile, Path keyFile, Path caFile) {

    private static final String PASS = "changeit";

    /** Writes {@code tls.crt}, {@code tls.key} and {@code ca.crt} into {@code dir}, using {@code name} for the CA. */
    public static TestCertificates create(Path dir, String name) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path ca = dir.resolve(name + "-ca.p12");
        Path server = dir.resolve(name + "-server.p12");
        Path csr = dir.resolve(name + "-server.csr");
        Path cert = dir.resolve("tls.crt");
        Path caCert = dir.resolve("ca.crt");
        Files.deleteIfExists(ca);
        Files.deleteIfExists(server);
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + name,
                "-ext", "bc:c", "-validity", "2", "-keystore", ca.toString(), "-storetype", "PKCS12",
                "-storepass", PASS);
        keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-validity", "2", "-keystore", server.toString(), "-storetype", "PKCS12", "-storepass", PASS);
        keytool("-certreq", "-alias", "server", "-keystore", server.toString(), "-storepass", PASS,
                "-file", csr.toString());
        keytool("-gencert", "-alias", "ca", "-keystore", ca.toString(), "-storepass", PASS, "-infile", csr.toString(),
                "-outfile", cert.toString(), "-rfc", "-validity", "2",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1,ip:127.0.0.2", "-ext", "EKU=serverAuth",
                "-ext", "KU=digitalSignature,keyEncipherment");
        keytool("-exportcert", "-alias", "ca", "-keystore", ca.toString(), "-storepass", PASS, "-rfc",
                "-file", caCert.toString());
        PrivateKey key;
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(server)) {
                store.load(in, PASS.toCharArray());
            }
            key = (PrivateKey) store.getKey("server", PASS.toCharArray());
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
        Path keyFile = dir.resolve("tls.key");
        Files.writeString(keyFile, "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
        return new TestCertificates(cert, keyFile, caCert);
    }

    /** A TLS context that trusts only this CA, as a scraper configured with {@code ca_file} would. */
    public SSLContext trustingCa() throws IOException {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            List<Certificate> certs = new ArrayList<>();
            try (InputStream in = Files.newInputStream(caFile)) {
                certs.addAll(CertificateFactory.getInstance("X.509").generateCertificates(in));
            }
            for (int i = 0; i < certs.size(); i++) {
                trust.setCertificateEntry("ca" + i, certs.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed:\n" + output);
        }
    }
}
