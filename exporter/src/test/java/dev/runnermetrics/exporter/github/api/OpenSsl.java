package dev.runnermetrics.exporter.github.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Keys made by the real openssl (apt-get install openssl), so the JDK-only key reading is checked against it. */
public final class OpenSsl {

    private OpenSsl() {
    }

    public static void run(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("openssl is needed for this test: apt-get install openssl", e);
        }
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("openssl " + String.join(" ", args) + " failed: " + out);
        }
    }

    /** A PKCS#1 key ("BEGIN RSA PRIVATE KEY"), as GitHub hands out App keys. */
    public static Path pkcs1Key(Path dir) throws IOException, InterruptedException {
        run(dir, "genrsa", "-traditional", "-out", "app.pem", "2048");
        Path key = dir.resolve("app.pem");
        if (!Files.readString(key).startsWith("-----BEGIN RSA PRIVATE KEY-----")) {
            throw new AssertionError("openssl did not write a PKCS#1 key");
        }
        return key;
    }

    public static PublicKey publicKey(Path dir, Path privateKey) throws Exception {
        run(dir, "rsa", "-in", privateKey.toString(), "-pubout", "-out", "public.pem");
        String pem = Files.readString(dir.resolve("public.pem"));
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(body)));
    }
}
