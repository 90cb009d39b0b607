package dev.runnermetrics.exporter.security;

import dev.runnermetrics.exporter.config.RunnerMetricsConfig;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Checks the credentials of Quarkus' basic auth mechanism against the one configured user. Only asked when a request
 * needs an authenticated user, i.e. when basic auth is on and the path is not health (see application.properties).
 */
@ApplicationScoped
public class BasicAuthIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    private static final Logger LOG = Logger.getLogger(BasicAuthIdentityProvider.class);

    private final Optional<BasicAuthUser> user;

    public BasicAuthIdentityProvider(RunnerMetricsConfig config, FileSystem fileSystem) {
        // Validated at start by EndpointSecurityCheck; the file is read at each check, not here.
        this.user = EndpointSecurity.basicAuthUser(config.basicAuth(), fileSystem, false);
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
            AuthenticationRequestContext context) {
        // Blocking: the password file may be read.
        return context.runBlocking(() -> {
            BasicAuthUser expected = user.orElseThrow(AuthenticationFailedException::new);
            boolean matches;
            try {
                matches = expected.matches(request.getUsername(), request.getPassword().getPassword());
            } catch (IOException e) {
                LOG.errorf("Cannot read the basic auth password (%s): %s; refusing every request until it can be read",
                        expected.passwordSource(), e.getClass().getSimpleName());
                throw new AuthenticationFailedException();
            }
            if (!matches) {
                throw new AuthenticationFailedException();
            }
            return QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(expected.username()))
                    .addCredential(request.getPassword())
                    .build();
        });
    }
}
