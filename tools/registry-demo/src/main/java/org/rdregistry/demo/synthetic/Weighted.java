package org.rdregistry.demo.synthetic;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A categorical distribution over labels with integer weights. */
record Weighted(List<String> labels, int[] cumulative) {

    /** {@code of("a", 3, "b", 1)}: "a" three times as likely as "b". */
    static Weighted of(Object... labelsAndWeights) {
        List<String> labels = new ArrayList<>();
        int[] cumulative = new int[labelsAndWeights.length / 2];
        int total = 0;
        for (int i = 0; i < labelsAndWeights.length; i += 2) {
            labels.add((String) labelsAndWeights[i]);
            total += (Integer) labelsAndWeights[i + 1];
            cumulative[i / 2] = total;
        }
        return new Weighted(List.copyOf(labels), cumulative);
    }

    String draw(Random rnd) {
        int x = rnd.nextInt(cumulative[cumulative.length - 1]);
        for (int i = 0; i < cumulative.length; i++) {
            if (x < cumulative[i]) {
                return labels.get(i);
            }
        }
        throw new IllegalStateException();
    }
}
