package dev.runnermetrics.exporter.security;

import dev.runnermetrics.exporter.config.Setting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * The one user allowed to read {@code /metrics}. A password file is read at every check, so a rotated Kubernetes or
 * Docker secret applies without a restart. Neither the password nor the file's content is ever put in a message.
 */
public final class BasicAuthUser {

    private final String username;
    private final String password;
    private final Path passwordFile;

    private BasicAuthUser(String username, String password, Path passwordFile) {
        this.username = Objects.requireNonNull(username);
        this.password = password;
        this.passwordFile = passwordFile;
    }

    public static BasicAuthUser withPassword(String username, String password) {
        return new BasicAuthUser(username, Objects.requireNonNull(password), null);
    }

    public static BasicAuthUser withPasswordFile(String username, Path passwordFile) {
        return new BasicAuthUser(username, null, Objects.requireNonNull(passwordFile));
    }

    public String username() {
        return username;
    }

    /** Where the password comes from, for the start-up log line (never the password). */
    public String passwordSource() {
        return passwordFile == null ? Setting.BASIC_AUTH_PASSWORD.property() : "file " + passwordFile;
    }

    /**
     * Whether these credentials are this user's. Compares digests, so the time taken says nothing about how much of
     * the name or password matched, nor about their lengths.
     *
     * @throws IOException when the password file cannot be read
     */
    public boolean matches(String givenUsername, char[] givenPassword) throws IOException {
        boolean name = sameSecret(username, givenUsername == null ? "" : givenUsername);
        boolean pass = sameSecret(currentPassword(), new String(givenPassword == null ? new char[0] : givenPassword));
        return name & pass;
    }

    /** The password as the file holds it now, without the line break editors and {@code echo} leave at its end. */
    String currentPassword() throws IOException {
        if (passwordFile == null) {
            return password;
        }
        return readPasswordFile(passwordFile);
    }

    static String readPasswordFile(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == '\r')) {
            end--;
        }
        return text.substring(0, end);
    }

    private static boolean sameSecret(String expected, String given) {
        return MessageDigest.isEqual(sha256(expected), sha256(given));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
