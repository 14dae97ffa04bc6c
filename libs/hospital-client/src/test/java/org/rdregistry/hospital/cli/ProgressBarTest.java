package org.rdregistry.hospital.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;
import org.rdregistry.hospital.Progress;

class ProgressBarTest {

    @Test
    void rendersSentAndEncryptedShares() {
        assertThat(ProgressBar.render(new Progress(10, 0, 0, 0)))
                .isEqualTo("[..............................] 0/10 sent, 0/10 encrypted");
        assertThat(ProgressBar.render(new Progress(10, 6, 3, 2)))
                .isEqualTo("[#########+++++++++............] 3/10 sent, 6/10 encrypted, 2 bad rows");
        assertThat(ProgressBar.render(new Progress(10, 10, 10, 1)))
                .isEqualTo("[##############################] 10/10 sent, 10/10 encrypted, 1 bad row");
        assertThat(ProgressBar.render(new Progress(0, 0, 0, 3))).startsWith("[##############################] 0/0");
    }

    @Test
    void redrawsOneLineAndClearsItAtTheEnd() {
        StringWriter s = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(s));
        bar.update(new Progress(2, 0, 0, 0));
        bar.update(new Progress(2, 0, 0, 0));
        bar.update(new Progress(2, 1, 0, 0));
        bar.finish();
        String out = s.toString();
        assertThat(out).doesNotContain("\n");
        assertThat(out.split("\r", -1)).hasSize(5);  // three draws (the repeat is skipped) and the clearing
        assertThat(out).endsWith("\r");
    }
}
