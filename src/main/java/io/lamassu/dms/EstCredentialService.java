package io.lamassu.dms;

import io.lamassu.audit.AuditTrail;
import io.lamassu.common.LamassuException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;

/**
 * The per-DMS EST HTTP Basic credential (RFC 7030 §3.2.3, common for factory bootstrap): set and
 * cleared by an admin, stored as a bcrypt hash (Bouncy Castle's OpenBSDBCrypt, cost
 * {@value #COST}), checked when a device enrolls through a DMS whose auth mode is HTTP_BASIC.
 */
public final class EstCredentialService {
    static final int COST = 10;
    static final int MIN_PASSWORD = 12;
    /** bcrypt uses only the first 72 bytes; longer passwords would silently lose their tail. */
    static final int MAX_PASSWORD_BYTES = 72;
    private final EstCredentials repo;
    private final AuditTrail audit;
    private final SecureRandom random;

    public EstCredentialService(EstCredentials repo, AuditTrail audit, SecureRandom random) {
        this.repo = repo;
        this.audit = audit;
        this.random = random;
    }

    /** The request body of {@code PUT .../dms/{id}/est/basic-credential}. */
    public record Credential(String username, String password) {
        @Override
        public String toString() {
            return "Credential[username=" + username + ", password=***]";
        }
    }

    public void set(String dmsId, Credential c) {
        if (c == null || c.username() == null || !c.username().matches("[\\x21-\\x39\\x3b-\\x7e]{1,128}")) {
            throw LamassuException.badRequest("INVALID_EST_CREDENTIAL",
                    "'username' must be 1-128 printable ASCII characters without spaces or ':' (RFC 7617)");
        }
        String password = c.password();
        if (password == null || password.length() < MIN_PASSWORD
                || password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw LamassuException.badRequest("INVALID_EST_CREDENTIAL", "'password' must be " + MIN_PASSWORD
                    + " to " + MAX_PASSWORD_BYTES + " bytes long");
        }
        // Hashing is slow on purpose: outside the transaction.
        byte[] salt = new byte[16];
        random.nextBytes(salt);
        String hash = OpenBSDBCrypt.generate("2b", password.toCharArray(), salt, COST);
        audit.run("dms.est.credential.update", "dms", dmsId, () -> {
            if (!repo.set(dmsId, c.username(), hash)) {
                throw notFound(dmsId);
            }
        });
    }

    public void clear(String dmsId) {
        audit.run("dms.est.credential.delete", "dms", dmsId, () -> {
            if (!repo.clear(dmsId)) {
                throw notFound(dmsId);
            }
        });
    }

    /** Whether the DMS has a credential (shown to admins; the hash itself never leaves storage). */
    public boolean isSet(String dmsId) {
        return repo.find(dmsId).isPresent();
    }

    /** Constant-time on the username; bcrypt's own check on the password. False when none is set. */
    public boolean matches(String dmsId, String username, String password) {
        return repo.find(dmsId).map(s -> {
            boolean user = MessageDigest.isEqual(s.username().getBytes(StandardCharsets.UTF_8),
                    username.getBytes(StandardCharsets.UTF_8));
            boolean pass = password.getBytes(StandardCharsets.UTF_8).length <= MAX_PASSWORD_BYTES
                    && OpenBSDBCrypt.checkPassword(s.passwordHash(), password.toCharArray());
            return user & pass;
        }).orElse(false);
    }

    private static LamassuException notFound(String dmsId) {
        return LamassuException.notFound("DMS_NOT_FOUND", "DMS '" + dmsId + "' does not exist");
    }
}
