package dev.runnermetrics.demo.sim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.UUID;

/** Ids and hashes as GitHub and the runner print them, drawn from the replay's seeded generators. */
public final class Ids {

    private Ids() {
    }

    /** A random UUID of the given version (job ids are name-based v5 GUIDs, the rest v4). */
    public static String uuid(Random r, int version) {
        long hi = (r.nextLong() & ~0xF000L) | ((long) version << 12);
        long lo = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(hi, lo).toString();
    }

    /** {@code bytes} random bytes in lower-case hex (a commit sha is 20). */
    public static String hex(Random r, int bytes) {
        byte[] b = new byte[bytes];
        r.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** A 40-digit sha derived from {@code seed}: the same seed gives the same commit, without using a generator. */
    public static String hexOf(String seed) {
        return sha256(seed).substring(0, 40);
    }

    public static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
