package org.rdregistry.compute.trustee;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.rdregistry.crypto.keyceremony.TrusteeKeyShare;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Loads this trustee's key share, in one place: the encrypted share file {@code trustee.share-file}
 * opened with the passphrase from {@code trustee.passphrase-file} or {@code REGISTRY_TRUSTEE_PASSPHRASE}.
 * The secret share lives only in the returned {@link TrusteeKeyShare} (whose toString redacts it).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "compute.role", havingValue = "trustee")
class TrusteeShareConfiguration {

    static final String PASSPHRASE_ENV = "REGISTRY_TRUSTEE_PASSPHRASE";

    @Bean
    TrusteeKeyShare trusteeKeyShare(TrusteeProperties properties, Environment environment) {
        if (properties.shareFile() == null || properties.shareFile().toString().isBlank()) {
            throw new TrusteeShareException("trustee.share-file is not set: the path of this trustee's encrypted key share", null);
        }
        char[] passphrase = passphrase(properties, environment);
        try {
            return readShareFile(properties.shareFile(), passphrase);
        } finally {
            java.util.Arrays.fill(passphrase, '\0');
        }
    }

    static TrusteeKeyShare readShareFile(Path file, char[] passphrase) {
        throw new TrusteeShareException("trustee.share-file " + file + " cannot be read yet: the share-file format "
                + "(rd-trustee TrusteeShareFile) is not part of this build", null);
    }

    static char[] passphrase(TrusteeProperties properties, Environment environment) {
        Path file = properties.passphraseFile();
        if (file != null && !file.toString().isBlank()) {
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                // a trailing newline is how editors and `echo` end files; it is not part of the passphrase
                return text.replaceFirst("\\R\\z", "").toCharArray();
            } catch (IOException e) {
                throw new TrusteeShareException("trustee.passphrase-file " + file + " cannot be read ("
                        + e.getClass().getSimpleName() + ")", e);
            }
        }
        String env = environment.getProperty(PASSPHRASE_ENV);
        if (env == null || env.isEmpty()) {
            throw new TrusteeShareException("no passphrase for the share file: set trustee.passphrase-file or "
                    + PASSPHRASE_ENV, null);
        }
        return env.toCharArray();
    }
}
