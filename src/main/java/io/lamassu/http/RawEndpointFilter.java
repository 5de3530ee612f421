package io.lamassu.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serves one {@link RawEndpoint}; an unexpected failure is logged and answered 500 with no detail. */
final class RawEndpointFilter implements Filter {
    private static final Logger LOG = LoggerFactory.getLogger(RawEndpointFilter.class);
    private final RawEndpoint endpoint;
    private final Timer timer;

    RawEndpointFilter(RawEndpoint endpoint, MeterRegistry registry) {
        this.endpoint = endpoint;
        this.timer = Timer.builder("http.server.requests").description("HTTP requests by route template, method and status")
                .tag("method", "ANY").tag("route", endpoint.pathSpecs().get(0)).tag("status", "ANY")
                .tag("outcome", "ANY").register(registry);
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException {
        long start = System.nanoTime();
        HttpServletResponse response = (HttpServletResponse) res;
        try {
            endpoint.handle((HttpServletRequest) req, response);
        } catch (RuntimeException e) {
            LOG.error("{} failed", endpoint.pathSpecs().get(0), e);
            if (!response.isCommitted()) {
                response.reset();
                response.setStatus(500);
            }
        } finally {
            timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }
}
