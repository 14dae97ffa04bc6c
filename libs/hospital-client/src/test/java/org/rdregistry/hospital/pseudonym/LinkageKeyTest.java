package org.rdregistry.hospital.pseudonym;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinkageKeyTest {

    @TempDir
    Path dir;

    @Test
    void initWritesAnOwnerOnlyFileThatLoadsBackAndIsNeverOverwritten() throws Exception {
        Path file = dir.resolve("linkage.key");
        LinkageKey key = LinkageKey.init(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(LinkageKey.readableByOthers(file)).isFalse();
        String text = Files.readString(file);
        assertThat(text).startsWith("rdregistry-linkage-key-v1:").hasSize("rdregistry-linkage-key-v1:".length() + 43 + 1);

        LinkageKey loaded = LinkageKey.load(file);
        assertThat(loaded.fingerprint()).isEqualTo(key.fingerprint());
        assertThat(loaded.hmac(new byte[] {1})).isEqualTo(key.hmac(new byte[] {1}));
        assertThat(loaded.toString()).doesNotContain(text.substring(26, 40));

        assertThatThrownBy(() -> LinkageKey.init(file)).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readString(file)).isEqualTo(text);
        assertThat(LinkageKey.init(dir.resolve("other.key")).fingerprint()).isNotEqualTo(key.fingerprint());
    }

    @Test
    void somethingElseIsNotALinkageKeyAndTheMessageDoesNotQuoteIt() throws Exception {
        Path file = dir.resolve("token.txt");
        Files.writeString(file, "eyJhbGciOiJSUzI1NiJ9.secret-token", StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> LinkageKey.load(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a linkage key file").hasMessageNotContaining("secret-token");
        Files.writeString(file, "rdregistry-linkage-key-v1:AAAA");
        assertThatThrownBy(() -> LinkageKey.load(file)).hasMessageContaining("32 bytes");
        Files.writeString(file, "rdregistry-linkage-key-v1:!!!!");
        assertThatThrownBy(() -> LinkageKey.load(file)).hasMessageContaining("base64url");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(LinkageKey.readableByOthers(file)).isTrue();
    }
}
