package dev.runnermetrics.exporter.github.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** A token given directly (GITHUB_TOKEN) or in a file, which is read at every request so a rotation applies. */
final class TokenAuth implements Auth {

    private final String token;
    private final Path file;
    private final String source;

    private TokenAuth(String token, Path file, String source) {
        this.token = token;
        this.file = file;
        this.source = source;
    }

    static TokenAuth of(String token, String source) {
        return new TokenAuth(token, null, source);
    }

    static TokenAuth fromFile(Path file) {
        return new TokenAuth(null, file, "file " + file);
    }

    /** The file's token without trailing line breaks; throws with a message naming the file only. */
    static String read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            throw new IOException(file + " is empty");
        }
        return text;
    }

    @Override
    public String authorization(GithubApi api, Instant now) throws ApiUnavailable {
        if (token != null) {
            return "Bearer " + token;
        }
        try {
            return "Bearer " + read(file);
        } catch (IOException e) {
            throw new ApiUnavailable("unauthorized", null, "cannot read the token file " + file + " ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    @Override
    public void rejected() {
        // nothing cached
    }

    @Override
    public String describe() {
        return "token from " + source;
    }

    @Override
    public String toString() {
        return "TokenAuth[" + describe() + "]";
    }
}
