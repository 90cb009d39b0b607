package dev.runnermetrics.exporter.security;


import dev.runnermetrics.exporter.config.Check;
import dev.runnermetrics.exporter.config.InvalidConfigException;
import dev.runnermetrics.exporter.config.RunnerMetricsConfig;
import dev.runnermetrics.exporter.config.Setting;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks the endpoint settings together, so a wrong combination stops the start with the setting's name instead of
 * serving something other than what was asked for (e.g. /metrics open because a password is missing).
 */
public final class EndpointSecurity {

    /** Quarkus' bind address property and the short environment name that application.properties maps onto it. */
    public static final String BIND_ADDRESS = "METRICS_BIND_ADDRESS (quarkus.http.host)";

    private static final Duration MIN_RELOAD_PERIOD = Duration.ofSeconds(30);
    private static final Pattern ORIGIN = Pattern.compile(
            "https?://([A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+\\])(:[0-9]{1,5})?");
    private static final Pattern PEM_CERTIFICATE = Pattern.compile("-----BEGIN CERTIFICATE-----");
    private static final Pattern PEM_KEY = Pattern.compile("-----BEGIN (RSA |EC )?PRIVATE KEY-----");

    /** What was found valid: the basic auth user if any, TLS on or off, the CORS origins, and warnings to log. */
    public record Checked(Optional<BasicAuthUser> user, boolean tls, List<String> corsOrigins, List<String> warnings) {
    }

    private EndpointSecurity() {
    }

    /** @throws InvalidConfigException naming the setting that is wrong */
    public static Checked check(RunnerMetricsConfig config, String bindAddress, FileSystem fs) {
        bindAddress(bindAddress);
        Optional<BasicAuthUser> user = basicAuthUser(config.basicAuth(), fs, true);
        boolean tls = tls(config.tls(), fs);
        List<String> origins = corsOrigins(config.cors());
        List<String> warnings = new ArrayList<>();
        if (user.isPresent() && !tls) {
            warnings.add("Basic auth is on without TLS: the password crosses the network in clear text unless a proxy "
                    + "or mesh encrypts it; set " + Setting.TLS_CERT_FILE + " and " + Setting.TLS_KEY_FILE);
        }
        return new Checked(user, tls, origins, List.copyOf(warnings));
    }

    /**
     * The user from the settings, if basic auth is on.
     *
     * @param readFile whether to read the password file now (at start, to fail early on a missing or empty file)
     */
    public static Optional<BasicAuthUser> basicAuthUser(RunnerMetricsConfig.BasicAuth auth, FileSystem fs,
            boolean readFile) {
        Optional<String> username = nonBlank(auth.username());
        Optional<String> password = auth.password().filter(p -> !p.isBlank()); // spaces may belong to it
        Optional<String> passwordFile = nonBlank(auth.passwordFile());
        if (username.isEmpty()) {
            if (password.isPresent()) {
                throw Check.invalid(Setting.BASIC_AUTH_PASSWORD,
                        "is set but " + Setting.BASIC_AUTH_USERNAME + " is not");
            }
            if (passwordFile.isPresent()) {
                throw Check.invalid(Setting.BASIC_AUTH_PASSWORD_FILE,
                        "is set but " + Setting.BASIC_AUTH_USERNAME + " is not");
            }
            return Optional.empty();
        }
        if (username.get().contains(":")) {
            throw Check.invalid(Setting.BASIC_AUTH_USERNAME, "must not contain ':' (basic auth cannot carry it)");
        }
        Check.oneOf(Setting.BASIC_AUTH_PASSWORD, password.isPresent(), Setting.BASIC_AUTH_PASSWORD_FILE,
                passwordFile.isPresent());
        if (password.isPresent()) {
            return Optional.of(BasicAuthUser.withPassword(username.get(), password.get()));
        }
        if (passwordFile.isEmpty()) {
            throw Check.invalid(Setting.BASIC_AUTH_USERNAME,
                    "is set but no password: set " + Setting.BASIC_AUTH_PASSWORD
                    + " or " + Setting.BASIC_AUTH_PASSWORD_FILE);
        }
        Path file = fs.getPath(passwordFile.get());
        if (readFile) {
            String text;
            try {
                text = BasicAuthUser.readPasswordFile(file);
            } catch (IOException e) {
                throw Check.invalid(Setting.BASIC_AUTH_PASSWORD_FILE, ": cannot read " + file + " ("
                        + e.getClass().getSimpleName() + ")");
            }
            if (text.isEmpty()) {
                throw Check.invalid(Setting.BASIC_AUTH_PASSWORD_FILE, ": " + file + " is empty");
            }
        }
        return Optional.of(BasicAuthUser.withPasswordFile(username.get(), file));
    }

    private static boolean tls(RunnerMetricsConfig.Tls tls, FileSystem fs) {
        Optional<String> cert = nonBlank(tls.certFile());
        Optional<String> key = nonBlank(tls.keyFile());
        if (cert.isEmpty() && key.isEmpty()) {
            if (tls.reloadPeriod().isPresent()) {
                throw Check.invalid(Setting.TLS_RELOAD_PERIOD, "is set but TLS is not: set " + Setting.TLS_CERT_FILE
                        + " and " + Setting.TLS_KEY_FILE);
            }
            return false;
        }
        if (cert.isEmpty()) {
            throw Check.invalid(Setting.TLS_KEY_FILE, "is set but " + Setting.TLS_CERT_FILE + " is not");
        }
        if (key.isEmpty()) {
            throw Check.invalid(Setting.TLS_CERT_FILE, "is set but " + Setting.TLS_KEY_FILE + " is not");
        }
        Optional<Duration> reload = tls.reloadPeriod();
        if (reload.isPresent() && reload.get().compareTo(MIN_RELOAD_PERIOD) < 0) {
            // Quarkus' own limit; it would otherwise fail the start with a message that names none of our settings.
            throw Check.invalid(Setting.TLS_RELOAD_PERIOD, "must be at least 30s, was " + reload.get());
        }
        String certText = pem(fs.getPath(cert.get()), Setting.TLS_CERT_FILE);
        if (!PEM_CERTIFICATE.matcher(certText).find()) {
            throw Check.invalid(Setting.TLS_CERT_FILE, ": " + cert.get() + " holds no PEM certificate "
                    + "(-----BEGIN CERTIFICATE-----)");
        }
        String keyText = pem(fs.getPath(key.get()), Setting.TLS_KEY_FILE);
        if (keyText.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            throw Check.invalid(Setting.TLS_KEY_FILE, ": " + key.get() + " is encrypted; give the key unencrypted "
                    + "(e.g. openssl pkcs8 -topk8 -nocrypt) and protect the file instead");
        }
        if (!PEM_KEY.matcher(keyText).find()) {
            throw Check.invalid(Setting.TLS_KEY_FILE, ": " + key.get() + " holds no PEM private key "
                    + "(-----BEGIN PRIVATE KEY-----)");
        }
        return true;
    }

    private static String pem(Path file, Setting setting) {
        try {
            // Latin-1 decodes any bytes, so a binary (DER) file is reported as holding no PEM block.
            return Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw Check.invalid(setting, ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static List<String> corsOrigins(RunnerMetricsConfig.Cors cors) {
        List<String> origins = cors.origins().orElse(List.of()).stream()
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        for (String origin : origins) {
            if (origin.equals("*")) {
                throw Check.invalid(Setting.CORS_ORIGINS, ": '*' is not allowed; list the origins that "
                        + "may read the metrics, e.g. https://status.example.org");
            }
            if (!ORIGIN.matcher(origin).matches()) {
                throw Check.invalid(Setting.CORS_ORIGINS, ": '" + origin + "' is not an origin; expected "
                        + "scheme://host[:port] without a path, e.g. https://status.example.org");
            }
        }
        return origins;
    }

    private static void bindAddress(String host) {
        if (host == null || host.isBlank()) {
            throw new InvalidConfigException(BIND_ADDRESS + " must not be empty; 0.0.0.0 listens on every address");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host.strip());
        } catch (UnknownHostException e) {
            throw new InvalidConfigException(BIND_ADDRESS + ": cannot resolve '" + host + "'");
        }
        boolean local;
        try {
            local = address.isAnyLocalAddress() || address.isLoopbackAddress()
                    || NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            local = true; // cannot tell; let the server try
        }
        if (!local) {
            throw new InvalidConfigException(BIND_ADDRESS + ": '" + host + "' is not an address of this machine");
        }
    }

    private static Optional<String> nonBlank(Optional<String> value) {
        return value.map(String::strip).filter(s -> !s.isEmpty());
    }

    /** The property with the environment variable that sets it, as users of the container will mostly use that. */
}
