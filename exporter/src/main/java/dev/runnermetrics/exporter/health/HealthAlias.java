package dev.runnermetrics.exporter.health;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** {@code /health} for tools that expect it at the root; answers exactly what {@code /q/health} answers. */
@ApplicationScoped
public class HealthAlias {

    void routes(@Observes Router router) {
        router.get("/health").handler(ctx -> ctx.reroute("/q/health"));
    }
}
