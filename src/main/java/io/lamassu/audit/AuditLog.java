package io.lamassu.audit;

import io.lamassu.common.Page;
import io.lamassu.common.query.ListQuery;

/** Reading the audit trail: one keyset-paged list with the platform's filters (ADR 0005, 0800). */
public interface AuditLog {
    Page<AuditRecord> list(ListQuery query);
}
