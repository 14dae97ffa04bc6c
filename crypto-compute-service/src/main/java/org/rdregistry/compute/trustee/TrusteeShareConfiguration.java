package org.rdregistry.compute.trustee;

import java.io.IOException;
import java.nio.file.Path;

import org.rdregistry.crypto.keyceremony.TrusteeKeyShare;
import org.rdregistry.trustee.TrusteeException;
import org.rdregistry.trustee.keystore.Passphrase;
import org.rdregistry.trustee.keystore.TrusteeShareFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Loads this trustee's key share, in one place: the encrypted share file {@code trustee.share-file}
 * from the key ceremony ({@link TrusteeShareFile}), opened with the passphrase from
 * {@code trustee.passphrase-file} (its first line) or {@code REGISTRY_TRUSTEE_PASSPHRASE}. The passphrase
 * is wiped after use; the secret share lives only in the returned {@link TrusteeKeyShare} (whose
 * toString redacts it).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "compute.role", havingValue = "trustee")
class TrusteeShareConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(TrusteeShareConfiguration.class);

    @Bean
    TrusteeKeyShare trusteeKeyShare(TrusteeProperties properties, Environment environment) {
        Path file = properties.shareFile();
        if (file == null || file.toString().isBlank()) {
            throw new TrusteeShareException("trustee.share-file is not set: the path of this trustee's encrypted key share", null);
        }
        char[] passphrase = passphrase(properties, environment);
        try {
            return TrusteeShareFile.read(file, passphrase);
        } catch (IOException e) {
            throw new TrusteeShareException("trustee.share-file " + file + " cannot be read ("
                    + e.getClass().getSimpleName() + ")", e);
        } catch (TrusteeException e) {
            // one line without secrets, e.g. "wrong passphrase or corrupted share file <path>"
            throw new TrusteeShareException("trustee.share-file: " + e.getMessage(), e);
        } finally {
            Passphrase.wipe(passphrase);
        }
    }

    static char[] passphrase(TrusteeProperties properties, Environment environment) {
        Path file = properties.passphraseFile();
        if (file != null && file.toString().isBlank()) {
            file = null;
        }
        try {
            char[] passphrase = Passphrase.resolve(file, environment::getProperty);
            if (file != null && Passphrase.readableByOthers(file)) {
                LOG.warn("The passphrase file {} is readable by other users (chmod 600 it)", file);
            }
            return passphrase;
        } catch (IOException e) {
            throw new TrusteeShareException("trustee.passphrase-file " + file + " cannot be read ("
                    + e.getClass().getSimpleName() + ")", e);
        } catch (TrusteeException e) {
            throw new TrusteeShareException("no usable passphrase for the share file (set trustee.passphrase-file or "
                    + Passphrase.ENV + "): " + e.getMessage(), e);
        }
    }
}
