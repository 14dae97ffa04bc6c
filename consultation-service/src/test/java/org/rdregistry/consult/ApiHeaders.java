package org.rdregistry.consult;

/** Header names the tests send. */
final class ApiHeaders {
    static final String CREDENTIAL = "Consultation-Credential";

    private ApiHeaders() {
    }
}
