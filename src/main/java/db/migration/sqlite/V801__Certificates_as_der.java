package db.migration.sqlite;

import db.migration.CertificatesAsDer;

/** SQLite: JSON columns are TEXT. */
public class V801__Certificates_as_der extends CertificatesAsDer {
    @Override
    protected String jsonParam() {
        return "?";
    }
}
