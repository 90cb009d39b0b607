package dev.runnermetrics.exporter.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A request written on a raw socket, for bodies no HTTP client would send whole (over the receiver's 25 MiB limit):
 * the body goes out until the server answers, and the answer's status code is returned.
 */
public final class RawHttp {

    private static final int CHUNK = 1024 * 1024;

    private RawHttp() {
    }

    /**
     * Sends {@code head} (request line and headers, ending in an empty line) and then {@code bodyBytes} spaces, as
     * they are (the head gives Content-Length) or, with {@code chunked}, in chunked transfer encoding.
     */
    public static int status(String host, int port, String head, long bodyBytes, boolean chunked) throws Exception {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(30_000);
            CompletableFuture<String> statusLine = CompletableFuture.supplyAsync(() -> firstLine(socket));
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] chunk = new byte[CHUNK];
            Arrays.fill(chunk, (byte) ' ');
            try {
                for (long sent = 0; sent < bodyBytes && !statusLine.isDone(); sent += chunk.length) {
                    if (chunked) {
                        out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    }
                    out.write(chunk);
                    if (chunked) {
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    out.flush();
                }
            } catch (IOException closedByServer) {
                // expected once the server has refused the body
            }
            String status = statusLine.get(30, TimeUnit.SECONDS);
            assertTrue(status.startsWith("HTTP/1.1 "), status);
            return Integer.parseInt(status.substring(9, 12));
        }
    }

    private static String firstLine(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
                line.append((char) c);
            }
            return line.toString();
        } catch (IOException e) {
            return "read failed: " + e;
        }
    }
}
