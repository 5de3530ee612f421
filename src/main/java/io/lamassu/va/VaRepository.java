package io.lamassu.va;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Storage port of the validation authority: roles, issued CRLs and the log of certificates whose
 * revocation status changed (what delta CRLs list).
 */
public interface VaRepository {
    /** @return false when the SKI already has a role (the database's key decides, so concurrent callers agree) */
    boolean insertIfAbsent(VaRole role, Instant dueAt, Instant now);

    Optional<VaRole> find(String caSki);

    List<VaRole> list();

    /** The role, its row locked until the caller's transaction ends (FOR UPDATE on PostgreSQL; SQLite has one writer). */
    Optional<VaRole> lockRole(String caSki);

    /**
     * Writes the role's options and its responder due time; bumps the signer generation when
     * delegation is turned on or off or the responders' lifetime changes (an issue in flight loses).
     */
    void updateOptions(VaRole role);

    /** SKIs whose base or delta CRL is due at {@code now}. */
    List<String> due(Instant now, int limit);

    /**
     * Stores {@code crl} if the role's CRL number is still {@code crl.number() - 1} (so one of
     * several instances wins and the sequence has no gaps or repeats), in one transaction with the
     * role's new state. The due time is cleared only if no status change arrived since
     * {@code changesSeen}. @return false when another instance stored that number first
     */
    boolean store(StoredCrl crl, long changesSeen, Instant nextDue, Instant deltaDue);

    Optional<StoredCrl> latest(String caSki, boolean delta);

    /**
     * In the caller's transaction: logs the change and makes the role's base (or, with deltas on,
     * delta) CRL due at {@code now} when the role regenerates on revocation.
     */
    void recordChange(String caSki, String caId, String serial, boolean wasRevoked, Instant now);

    /** Serials of {@code caIds} changed at or after {@code since}, with whether they were revoked before. */
    List<Change> changesSince(List<String> caIds, Instant since);

    void pruneChanges(List<String> caIds, Instant before);

    /** The role's current delegated OCSP responder, if it has one. */
    Optional<DelegatedResponder> currentResponder(String caSki);

    /**
     * Claims the roles whose delegated responder job is due at {@code now} (FOR UPDATE SKIP LOCKED on
     * PostgreSQL) and moves their due time to {@code leaseUntil} in the same transaction, so another
     * instance does not work on them meanwhile; a claim whose holder died is retried after the lease.
     */
    List<String> claimRespondersDue(Instant now, Instant leaseUntil, int limit);

    /**
     * In the caller's transaction, if the role's signer generation is still {@code expectedGeneration}
     * (so one of several instances wins): makes {@code next} (null: none, the CA key signs) the current
     * responder at generation + 1, marks the previous one retired at {@code now}, and sets the due time.
     * @return false when another instance changed the signer first (nothing written)
     */
    boolean switchResponder(String caSki, long expectedGeneration, DelegatedResponder next, Instant now,
                            Instant nextDue);

    /**
     * Sets when the responder job next looks at the role (null: never) if its signer generation is
     * still {@code expectedGeneration}: a change made meanwhile (a revocation, a reissue, an option,
     * another instance) keeps its own due time. @return false when the generation moved on
     */
    boolean responderDue(String caSki, long expectedGeneration, Instant dueAt);

    /**
     * If the role delegates: the responder job looks at it at {@code dueAt}, and the signer generation
     * is bumped so a responder being issued meanwhile (under the previous state) is not installed.
     */
    void markResponderDue(String caSki, Instant dueAt);

    /** Runs {@code hook} once the current transaction commits (at once outside one). */
    void afterCommit(Runnable hook);

    /** Runs {@code work} in one transaction (joining the caller's). */
    <T> T inTransaction(java.util.function.Supplier<T> work);

    default void inTransaction(Runnable work) {
        inTransaction(() -> {
            work.run();
            return null;
        });
    }

    record Change(String serialNumber, boolean wasRevoked, Instant changedAt) {
    }
}
