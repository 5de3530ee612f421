package io.lamassu.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLSocket;

/**
 * A request written by hand over TLS: its head and only the start of its body. For what
 * java.net.http cannot do safely: a client still writing a body the server refused (413) can see a
 * broken pipe instead of the answer, and JDK 17's client waits forever when an expect-continue
 * request gets a final status (JDK-8286171).
 */
public final class RawHttp {
    private RawHttp() {
    }

    /** Writes {@code head} (ending in an empty line) and {@code bodyStart}; returns all that came back. */
    public static String exchange(TestApp app, String head, byte[] bodyStart) {
        URI base = URI.create(app.httpsBase());
        try (SSLSocket socket = (SSLSocket) app.sslContext().getSocketFactory()
                .createSocket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(bodyStart);
            socket.getOutputStream().flush();
            return new String(readUntilClosed(socket.getInputStream()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What arrived before the server closed (a reset after the answer still leaves the answer). */
    private static byte[] readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = in.read(buf)) > 0; ) {
                out.write(buf, 0, n);
            }
        } catch (SocketException reset) {
            if (out.size() == 0) {
                throw reset;
            }
        }
        return out.toByteArray();
    }
}
