package db.migration.postgresql;

import db.migration.CertificatesAsDer;

/** PostgreSQL: JSON columns are JSONB. */
public class V801__Certificates_as_der extends CertificatesAsDer {
    @Override
    protected String jsonParam() {
        return "CAST(? AS JSONB)";
    }
}
