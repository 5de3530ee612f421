package io.lamassu.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs the openssl binary (present on CI) exactly as the seed guide does. */
public final class Openssl {
    private final Path dir;

    public Openssl(Path dir) {
        this.dir = dir;
    }

    public static boolean available() {
        try {
            Process p = new ProcessBuilder("openssl", "version").redirectErrorStream(true).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public static Openssl inTempDir() {
        Assumptions.assumeTrue(available(), "openssl binary not installed");
        try {
            return new Openssl(Files.createTempDirectory("lamassu-openssl"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** {@code sh -c command} in the temp dir; returns stdout+stderr, failing on a non-zero exit. */
    public String run(String command) {
        try {
            Process p = new ProcessBuilder("sh", "-c", command).directory(dir.toFile()).redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError("'" + command + "' failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The seed's steps: EC key, CSR with the subject, then base64 of the DER on one line. */
    public String deviceCsrBase64Der(String name, String subject) {
        run("openssl ecparam -genkey -name prime256v1 -noout -out " + name + ".key");
        run("openssl req -new -key " + name + ".key -out " + name + ".csr -subj '" + subject + "'");
        return run("openssl req -in " + name + ".csr -outform DER | base64 -w 0").strip();
    }

    /** Writes a certificate from the API (base64 of PEM) to {@code file}. */
    public Path writeCertificate(String file, String base64Pem) {
        try {
            Path p = dir.resolve(file);
            Files.write(p, Base64.getDecoder().decode(base64Pem));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String read(String file) {
        try {
            return Files.readString(dir.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
