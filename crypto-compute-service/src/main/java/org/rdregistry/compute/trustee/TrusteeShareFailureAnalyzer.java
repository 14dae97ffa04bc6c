package org.rdregistry.compute.trustee;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a share-loading problem into Spring Boot's short "APPLICATION FAILED TO START" report. */
class TrusteeShareFailureAnalyzer extends AbstractFailureAnalyzer<TrusteeShareException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, TrusteeShareException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Set trustee.index, trustee.share-file and trustee.passphrase-file (or REGISTRY_TRUSTEE_PASSPHRASE) "
                        + "to this trustee's index, its encrypted share file from the key ceremony and its passphrase; "
                        + "registry.key-file, if set, must be the joint key of that share.", cause);
    }
}
