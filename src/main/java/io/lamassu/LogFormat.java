package io.lamassu;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.OutputStream;
import net.logstash.logback.encoder.LogstashEncoder;
import net.logstash.logback.fieldnames.LogstashFieldNames;
import org.slf4j.LoggerFactory;

/**
 * {@code logging.format}: {@code text} keeps logback.xml's console pattern; {@code json} replaces
 * the root appender with one JSON object per line (logstash-logback-encoder): {@code timestamp}
 * (ISO-8601 UTC), {@code level}, {@code logger}, {@code thread}, {@code message}, the MDC keys
 * ({@code request_id}, {@code actor}, {@code route}; {@code event_id}, {@code event_type} in event
 * consumers) and {@code stack_trace} for failures. Messages never contain tokens, keys or request
 * bodies: nothing logs them (ADR 0800).
 */
public final class LogFormat {
    static final String APPENDER = "STDOUT";

    private LogFormat() {
    }

    /** Applies the configured format to the process's console output. */
    public static void apply(String format) {
        if ("json".equals(format)) {
            ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
            install(console);
        }
    }

    /** JSON lines to {@code out} instead of the console (tests read them back). */
    public static void jsonTo(OutputStream out) {
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setOutputStream(out);
        install(appender);
    }

    /** Back to logback.xml's configuration. */
    public static void reset() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.reset();
        try {
            new ch.qos.logback.classic.util.ContextInitializer(ctx).autoConfig();
        } catch (ch.qos.logback.core.joran.spi.JoranException e) {
            throw new IllegalStateException("cannot reload logback.xml", e);
        }
    }

    private static void install(OutputStreamAppender<ILoggingEvent> appender) {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(ctx);
        LogstashFieldNames names = encoder.getFieldNames();
        names.setTimestamp("timestamp");
        names.setLogger("logger");
        names.setThread("thread");
        names.setVersion("[ignore]");
        names.setLevelValue("[ignore]");
        encoder.setTimeZone("UTC");
        encoder.setIncludeContext(false);
        encoder.start();
        appender.setContext(ctx);
        appender.setName(APPENDER);
        appender.setEncoder(encoder);
        appender.start();
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.addAppender(appender);
    }
}
